import { DomainError, type Decider } from '@csm/eventing';
import type { Resource, ResourceActor, ResourceCommand, ResourceEvent } from './resource';

export const initialState = (): Resource => ({ exists: false, latestVersion: 0, rejected: false, retired: false });

const requireExists = (state: Resource): void => {
  if (!state.exists) throw new DomainError('resource.not-found', 'No such library item', 'not-found');
};

/** The people of the submitting organisation (partners), or the submitter in person (officers, NCTC staff). */
const requireOwner = (state: Resource, actor: ResourceActor): void => {
  const owner = state.owner!;
  const owns = owner.organizationId !== undefined ? actor.organizationId === owner.organizationId : actor.subject === owner.subject;
  if (!owns) throw new DomainError('resource.not-owner', 'Only the submitter (or their organisation) revises this item', 'forbidden');
};

const requireInReview = (state: Resource): number => {
  requireExists(state);
  if (state.retired) throw new DomainError('resource.retired', 'The item is retired');
  if (state.pending?.stage !== 'in-review') throw new DomainError('resource.not-in-review', 'No version of this item is waiting for review');
  return state.pending.itemVersion;
};

/** The editorial rules of a library item. Time and the acting user come from the command. */
export const decide = (command: ResourceCommand, state: Resource): ResourceEvent[] => {
  const { resourceId } = command.data;
  switch (command.type) {
    case 'SubmitResource': {
      if (state.exists) throw new DomainError('resource.already-exists', `${resourceId} already exists; submit a new version of it`);
      const { submitter, facts } = command.data;
      if (submitter.role === 'partner' && !facts.organizationVerified) {
        throw new DomainError('resource.organization-not-verified', 'Only verified organisations submit to the library', 'forbidden');
      }
      return [{ type: 'ResourceSubmitted', version: 1, data: { resourceId, itemVersion: 1, content: command.data.content, submittedBy: submitter } }];
    }
    case 'ReviseResource': {
      requireExists(state);
      requireOwner(state, command.data.actor);
      if (state.retired) throw new DomainError('resource.retired', 'The item is retired');
      if (state.rejected) throw new DomainError('resource.rejected', 'The item was rejected; submit a new item');
      if (state.pending?.stage === 'in-review') throw new DomainError('resource.in-review', `Version ${state.pending.itemVersion} is under review; wait for the editors`);
      // Changes asked for: the same version again. Otherwise (published): the next version.
      const itemVersion = state.pending?.stage === 'changes-requested' ? state.pending.itemVersion : state.latestVersion + 1;
      return [{ type: 'ResourceRevisionSubmitted', version: 1, data: { resourceId, itemVersion, content: command.data.content, submittedBy: command.data.actor.subject } }];
    }
    case 'RequestResourceChanges': {
      const itemVersion = requireInReview(state);
      return [{ type: 'ResourceChangesRequested', version: 1, data: { resourceId, itemVersion, reason: command.data.reason, requestedBy: command.data.editor } }];
    }
    case 'PublishResource': {
      const itemVersion = requireInReview(state);
      return [{ type: 'ResourcePublished', version: 1, data: { resourceId, itemVersion, publishedBy: command.data.editor } }];
    }
    case 'RejectResource': {
      const itemVersion = requireInReview(state);
      return [{ type: 'ResourceRejected', version: 1, data: { resourceId, itemVersion, reason: command.data.reason, rejectedBy: command.data.editor } }];
    }
    case 'RetireResource': {
      requireExists(state);
      if (state.retired) throw new DomainError('resource.retired', 'The item is already retired');
      if (state.published === undefined) throw new DomainError('resource.not-published', 'Only a published item is retired; reject one under review');
      return [{ type: 'ResourceRetired', version: 1, data: { resourceId, reason: command.data.reason, retiredBy: command.data.editor } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: Resource, event: ResourceEvent): Resource => {
  switch (event.type) {
    case 'ResourceSubmitted':
      return { ...state, exists: true, owner: event.data.submittedBy, latestVersion: 1, pending: { itemVersion: 1, stage: 'in-review' } };
    case 'ResourceRevisionSubmitted':
      return { ...state, latestVersion: Math.max(state.latestVersion, event.data.itemVersion), pending: { itemVersion: event.data.itemVersion, stage: 'in-review' } };
    case 'ResourceChangesRequested':
      return { ...state, pending: { itemVersion: event.data.itemVersion, stage: 'changes-requested' } };
    case 'ResourcePublished': {
      const { pending: _done, ...rest } = state;
      return { ...rest, published: event.data.itemVersion };
    }
    case 'ResourceRejected': {
      const { pending: _done, ...rest } = state;
      return { ...rest, rejected: state.published === undefined };
    }
    case 'ResourceRetired': {
      const { pending: _dropped, ...rest } = state;
      return { ...rest, retired: true };
    }
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const resourceDecider: Decider<ResourceCommand, ResourceEvent, Resource> = { decide, evolve, initialState };
