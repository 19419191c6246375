import type { RequestHandler } from 'express';
import type { EventStore, PersonalDataVault, Projection, Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness, type OrganizationMembership } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { ORGANIZATIONS, organizationsProjection, type OrganizationView } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

export interface RegistrationAppOptions {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  projections: readonly Subscription[];
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

/** Members as this context records them: a token's org_id counts only while the organisation lists the caller. */
export const registeredMembership = (readModels: ReadModels): OrganizationMembership => ({
  isMember: async (organizationId, principal) => {
    const organization = await readModels.collection<OrganizationView>(ORGANIZATIONS).findOne({ _id: organizationId }, { projection: { members: 1 } });
    return organization ? organization.members.some((m) => m.username === principal.username) : undefined;
  },
});

export const createRegistrationApp = (options: RegistrationAppOptions) =>
  createServiceApp({
    membership: registeredMembership(options.readModels),
    serviceName: 'registration',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: registrationRoutes(options),
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.projections),
    gauges: () =>
      Object.fromEntries(options.projections.map((s) => [`csm_projection_position{projection="${s.name}"}`, Number(s.status().position)])),
  });
