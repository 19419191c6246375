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
   * member id (a pseudonym of the username, never the username) → role; the registrant is the
   * first admin. A Map, because ids come from requests: in a plain object `__proto__` or
   * `constructor` would look like members.
   */
  members: ReadonlyMap<string, MemberRole>;
}

type OrgCommand<T extends string, D> = Command<T, { organizationId: string } & D>;

/** A person as commands name them: their member id, and their username sealed with their own key. */
export interface MemberIdentity {
  memberId: string;
  sealedName: string;
}

export type RegisterOrganization = OrgCommand<'RegisterOrganization', { profile: OrganizationProfileRecord; registrant: MemberIdentity }>;
export type AmendProfile = OrgCommand<'AmendProfile', { profile: OrganizationProfileRecord }>;
export type SubmitForVerification = OrgCommand<'SubmitForVerification', Record<string, never>>;
export type RequestInformation = OrgCommand<'RequestInformation', { message: string }>;
export type ResubmitForVerification = OrgCommand<'ResubmitForVerification', { response?: string }>;
export type VerifyOrganization = OrgCommand<'VerifyOrganization', { note?: string }>;
export type RejectOrganization = OrgCommand<'RejectOrganization', { reason: string }>;
export type SuspendOrganization = OrgCommand<'SuspendOrganization', { reason: string }>;
export type ReinstateOrganization = OrgCommand<'ReinstateOrganization', { reason: string }>;
export type InviteMember = OrgCommand<'InviteMember', { actingMemberId: string; member: MemberIdentity; role: MemberRole }>;
export type RemoveMember = OrgCommand<'RemoveMember', { actingMemberId: string; memberId: string }>;

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
