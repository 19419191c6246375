import { startEmbeddedContext, type CheckpointStore, type Projection, type ProjectionProgress, type SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createContextApp, type ContextAppDeps, type OrganizationMembership } from '@csm/http';
import { callsRoutes } from './http/calls.routes';
import { conceptNoteRoutes } from './http/concept-notes.routes';
import { assessmentRoutes } from './http/assessment.routes';
import { packRoutes } from './http/pack.routes';
import { solutionsRoutes } from './http/solutions.routes';
import { scoreSheetsProjection } from './projections/score-sheets.projection';
import { solutionsProjection } from './projections/solutions.projection';
import { proposalsProjection } from './projections/proposals.projection';
import { callsProjection } from './projections/calls.projection';
import { clarificationsProjection } from './projections/clarifications.projection';
import { VERIFIED_ORGANIZATIONS, verifiedOrganizationsProjection, type VerifiedOrganization } from './projections/verified-organizations.projection';

export const PROPOSALS_PROJECTIONS: readonly Projection[] = [
  callsProjection,
  clarificationsProjection,
  proposalsProjection,
  scoreSheetsProjection,
  solutionsProjection,
  verifiedOrganizationsProjection,
];

/** Every read model the projections above write: what a replay must rebuild identically. */
export const PROPOSALS_COLLECTIONS = ['calls', 'clarifications', 'proposals', 'scoreSheets', 'solutions', 'verifiedOrganizations'] as const;

interface ProposalsAppOptions extends ContextAppDeps {
  /** Member ids of users, to recognise a reviewer among an applicant's members. */
  subjectIds: SubjectIds;
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
}

/**
 * Members as this context learnt them from registration events (verifiedOrganizations): a
 * member removed there stops acting for the organisation here once the event is projected.
 */
export const registeredMembership = (readModels: ReadModels, subjectIds: SubjectIds): OrganizationMembership => ({
  isMember: async (organizationId, principal) => {
    const organization = await readModels.collection<VerifiedOrganization>(VERIFIED_ORGANIZATIONS).findOne({ _id: organizationId }, { projection: { members: 1 } });
    return organization ? (organization.members ?? []).includes(subjectIds.forUsername(principal.username)) : undefined;
  },
});

export const createProposalsApp = (options: ProposalsAppOptions) =>
  createContextApp(options, {
    serviceName: 'proposals',
    membership: (o) => registeredMembership(o.readModels, o.subjectIds),
    routes: (o) => [...callsRoutes(o), ...conceptNoteRoutes(o), ...assessmentRoutes(o), ...packRoutes(o), ...solutionsRoutes(o)],
  });

/** Embedded composition: projections (including the registration facts it needs) over the one log. */
export const startEmbeddedProposals = (options: Omit<ProposalsAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) =>
  startEmbeddedContext(PROPOSALS_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels }, (wiring) =>
    createProposalsApp({ ...options, ...wiring }),
  );
