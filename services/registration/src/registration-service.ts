import type { PersonalDataVault, Projection, ProjectionProgress, SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createContextApp, type ContextAppDeps, type OrganizationMembership } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { ORGANIZATIONS, organizationsProjection, type OrganizationView } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

export interface RegistrationAppOptions extends ContextAppDeps {
  readModels: ReadModels;
  vault: PersonalDataVault;
  subjectIds: SubjectIds;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
}

/** Members as this context records them: a token's org_id counts only while the organisation lists the caller. */
export const registeredMembership = (readModels: ReadModels, subjectIds: SubjectIds): OrganizationMembership => ({
  isMember: async (organizationId, principal) => {
    const organization = await readModels.collection<OrganizationView>(ORGANIZATIONS).findOne({ _id: organizationId }, { projection: { members: 1 } });
    return organization ? organization.members.some((m) => m.memberId === subjectIds.forUsername(principal.username)) : undefined;
  },
});

export const createRegistrationApp = (options: RegistrationAppOptions) =>
  createContextApp(options, {
    serviceName: 'registration',
    membership: (o) => registeredMembership(o.readModels, o.subjectIds),
    routes: (o) => registrationRoutes(o),
  });
