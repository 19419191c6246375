import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { OrganizationEvent, OrganizationProfileRecord } from '@csm/contracts';
import type { MemberRole, OrganizationStatus } from '../domain/organization';

/** Answers "what is the state of this organisation's registration?" for its members and the NCTC. */
export interface OrganizationView extends Tracked {
  _id: string;
  status: OrganizationStatus;
  profile: OrganizationProfileRecord;
  /** Members by pseudonymous id; `name` is the username sealed with the person's key (opened on read). */
  members: OrganizationMember[];
  registeredAt: string;
  updatedAt: string;
  /** Stream revision, returned as the ETag for If-Match. */
  revision: number;
  /** The open request for information, or the reason of the last rejection/suspension. */
  pendingRequest?: string;
  lastReason?: string;
  verifiedAt?: string;
}

export interface OrganizationMember {
  memberId: string;
  name?: string;
  role: MemberRole;
}

export const ORGANIZATIONS = 'organizations';

const STATUS_AFTER: Partial<Record<OrganizationEvent['type'], OrganizationStatus>> = {
  OrganizationSubmittedForVerification: 'submitted',
  OrganizationResubmitted: 'submitted',
  OrganizationInformationRequested: 'information-requested',
  OrganizationVerified: 'verified',
  OrganizationReinstated: 'verified',
  OrganizationRejected: 'rejected',
  OrganizationSuspended: 'suspended',
};

const next = (current: OrganizationView | null, event: OrganizationEvent, at: string, revision: number): OrganizationView | null => {
  if (event.type === 'OrganizationRegistered') {
    return {
      _id: event.data.organizationId,
      status: 'draft',
      profile: event.data.profile,
      members: [{ memberId: event.data.registeredBy, ...(event.data.registeredByName ? { name: event.data.registeredByName } : {}), role: 'admin' }],
      registeredAt: at,
      updatedAt: at,
      revision,
    };
  }
  if (!current) return null;
  const base = { ...current, updatedAt: at, revision };
  switch (event.type) {
    case 'OrganizationProfileAmended':
      return { ...base, profile: event.data.profile };
    case 'MemberInvited':
      return {
        ...base,
        members: [
          ...current.members.filter((m) => m.memberId !== event.data.memberId),
          { memberId: event.data.memberId, ...(event.data.name ? { name: event.data.name } : {}), role: event.data.role },
        ],
      };
    case 'MemberRemoved':
      return { ...base, members: current.members.filter((m) => m.memberId !== event.data.memberId) };
    case 'OrganizationInformationRequested':
      return { ...base, status: 'information-requested', pendingRequest: event.data.message };
    case 'OrganizationVerified':
      return { ...base, status: 'verified', verifiedAt: at, pendingRequest: undefined };
    case 'OrganizationRejected':
    case 'OrganizationSuspended':
    case 'OrganizationReinstated':
      return { ...base, status: STATUS_AFTER[event.type]!, lastReason: event.data.reason, pendingRequest: undefined };
    default:
      return { ...base, status: STATUS_AFTER[event.type] ?? current.status, pendingRequest: undefined };
  }
};

export const organizationsProjection: Projection = {
  name: 'registration.organizations',
  eventTypes: [
    'OrganizationRegistered',
    'OrganizationProfileAmended',
    'OrganizationSubmittedForVerification',
    'OrganizationInformationRequested',
    'OrganizationResubmitted',
    'OrganizationVerified',
    'OrganizationRejected',
    'OrganizationSuspended',
    'OrganizationReinstated',
    'MemberInvited',
    'MemberRemoved',
  ],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as OrganizationEvent;
    const collection: Collection<OrganizationView> = readModels.collection(ORGANIZATIONS);
    await applyOnce(collection, event.data.organizationId, recorded, (current) =>
      next(current, event, recorded.metadata.occurredAt, Number(recorded.streamRevision)),
    );
  },
};
