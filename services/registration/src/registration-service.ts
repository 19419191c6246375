import type { RequestHandler } from 'express';
import { checkedEventStore, type EventContracts, type EventStore, type PersonalDataVault, type Projection, type ProjectionProgress, type SubjectIds, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness, type OrganizationMembership } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { ORGANIZATIONS, organizationsProjection, type OrganizationView } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

export interface RegistrationAppOptions {
  store: EventStore;
  /** Appends are checked against them; deciders and history read through them. */
  contracts: EventContracts;
  readModels: ReadModels;
  vault: PersonalDataVault;
  subjectIds: SubjectIds;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The subscriptions this process runs (none in an `api` process), for /readyz and /metrics. */
  subscriptions: readonly Pick<Subscription, 'name' | 'status'>[];
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

/** Members as this context records them: a token's org_id counts only while the organisation lists the caller. */
export const registeredMembership = (readModels: ReadModels, subjectIds: SubjectIds): OrganizationMembership => ({
  isMember: async (organizationId, principal) => {
    const organization = await readModels.collection<OrganizationView>(ORGANIZATIONS).findOne({ _id: organizationId }, { projection: { members: 1 } });
    return organization ? organization.members.some((m) => m.memberId === subjectIds.forUsername(principal.username)) : undefined;
  },
});

export const createRegistrationApp = (unchecked: RegistrationAppOptions) => {
  const options = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    membership: registeredMembership(options.readModels, options.subjectIds),
    serviceName: 'registration',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: registrationRoutes(options),
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};
