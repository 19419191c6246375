import type { Command } from '@csm/eventing';
import type { ResourceContent, ResourceEvent, ResourceSubmitter } from '@csm/contracts';

/** One library item through its versions: who owns it, which version is published, which is under review. */
export interface Resource {
  exists: boolean;
  owner?: ResourceSubmitter;
  /** The highest version number submitted so far. */
  latestVersion: number;
  /** The version the public reads, while the item is published. */
  published?: number;
  /** The version under review, or sent back for changes. */
  pending?: { itemVersion: number; stage: 'in-review' | 'changes-requested' };
  /** Rejected before any version was published: nothing more happens to it. */
  rejected: boolean;
  retired: boolean;
}

/** Who acts on an item: the token's subject and organisation. */
export interface ResourceActor {
  subject: string;
  organizationId?: string;
}

/**
 * What the service's read models say when an item is submitted: whether the submitter's
 * organisation (partners) is verified now, as registration's events told this context.
 */
export interface SubmissionFacts {
  organizationVerified: boolean;
}

type ResourceCommand_<T extends string, D> = Command<T, { resourceId: string } & D>;

export type SubmitResource = ResourceCommand_<'SubmitResource', { content: ResourceContent; submitter: ResourceSubmitter; facts: SubmissionFacts }>;
export type ReviseResource = ResourceCommand_<'ReviseResource', { content: ResourceContent; actor: ResourceActor }>;
export type RequestResourceChanges = ResourceCommand_<'RequestResourceChanges', { reason: string; editor: string }>;
export type PublishResource = ResourceCommand_<'PublishResource', { editor: string }>;
export type RejectResource = ResourceCommand_<'RejectResource', { reason: string; editor: string }>;
export type RetireResource = ResourceCommand_<'RetireResource', { reason: string; editor: string }>;

export type ResourceCommand = SubmitResource | ReviseResource | RequestResourceChanges | PublishResource | RejectResource | RetireResource;

export type { ResourceEvent };
