import type { Command } from '@csm/eventing';
import type { OrganizationEvent, OrganizationProfileRecord } from '@csm/contracts';

/** The registration context's language: commands (imperative) and the state they decide on. */

export type OrganizationStatus = 'draft' | 'submitted' | 'information-requested' | 'verified' | 'rejected' | 'suspended';

export type MemberRole = 'admin' | 'member';

export interface Organization {
  id?: string;
  status: OrganizationStatus | 'none';
  profile?: OrganizationProfileRecord;
  /**
   * username → role; the registrant is the first admin. A Map, because usernames come from
   * requests: in a plain object `__proto__` or `constructor` would look like members.
   */
  members: ReadonlyMap<string, MemberRole>;
}

type OrgCommand<T extends string, D> = Command<T, { organizationId: string } & D>;

export type RegisterOrganization = OrgCommand<'RegisterOrganization', { profile: OrganizationProfileRecord; username: string }>;
export type AmendProfile = OrgCommand<'AmendProfile', { profile: OrganizationProfileRecord }>;
export type SubmitForVerification = OrgCommand<'SubmitForVerification', Record<string, never>>;
export type RequestInformation = OrgCommand<'RequestInformation', { message: string }>;
export type ResubmitForVerification = OrgCommand<'ResubmitForVerification', { response?: string }>;
export type VerifyOrganization = OrgCommand<'VerifyOrganization', { note?: string }>;
export type RejectOrganization = OrgCommand<'RejectOrganization', { reason: string }>;
export type SuspendOrganization = OrgCommand<'SuspendOrganization', { reason: string }>;
export type ReinstateOrganization = OrgCommand<'ReinstateOrganization', { reason: string }>;
export type InviteMember = OrgCommand<'InviteMember', { actingUsername: string; username: string; role: MemberRole }>;
export type RemoveMember = OrgCommand<'RemoveMember', { actingUsername: string; username: string }>;

export type OrganizationCommand =
  | RegisterOrganization
  | AmendProfile
  | SubmitForVerification
  | RequestInformation
  | ResubmitForVerification
  | VerifyOrganization
  | RejectOrganization
  | SuspendOrganization
  | ReinstateOrganization
  | InviteMember
  | RemoveMember;

export type { OrganizationEvent };
