import { DomainError, type Decider } from '@csm/eventing';
import type { OrganizationType } from '@csm/contracts';
import type { Initiative, InitiativeCommand, InitiativeEvent, InitiativeFacts } from './initiative';

export const initialState = (): Initiative => ({ status: 'none', featured: false });

const requireActive = (state: Initiative, action: string): void => {
  if (state.status === 'none') throw new DomainError('initiative.not-found', 'No such initiative', 'not-found');
  if (state.status === 'closed') throw new DomainError('initiative.closed', `Cannot ${action}: the initiative is closed`);
};

/** Only a verified organisation speaks for its work; partners and plan actions must exist. */
const requireFacts = (facts: InitiativeFacts): { type: OrganizationType } => {
  if (!facts.organization?.verified) throw new DomainError('initiative.organization-not-verified', 'Only verified organisations declare initiatives', 'forbidden');
  if (facts.unknownPartners.length > 0) throw new DomainError('initiative.unknown-partners', `Not verified organisations in the directory: ${facts.unknownPartners.join(', ')}`, 'invalid');
  if (facts.unknownPlanActions.length > 0) {
    const named = facts.unknownPlanActions.map((a) => `${a.actionId} (${a.countyCode})`).join(', ');
    throw new DomainError('initiative.unknown-plan-actions', `Not actions of the county's published plan: ${named}`, 'invalid');
  }
  return { type: facts.organization.type as OrganizationType };
};

/** The rules of an initiative. Time comes from the command. */
export const decide = (command: InitiativeCommand, state: Initiative): InitiativeEvent[] => {
  const { organizationId, initiativeId } = command.data;
  const ids = { organizationId, initiativeId };
  switch (command.type) {
    case 'DeclareInitiative': {
      if (state.status !== 'none') throw new DomainError('initiative.already-exists', `${initiativeId} is already declared; amend it`);
      const { type } = requireFacts(command.data.facts);
      return [{ type: 'InitiativeDeclared', version: 1, data: { ...ids, organizationType: type, initiative: command.data.initiative } }];
    }
    case 'AmendInitiative':
      requireActive(state, 'amend');
      requireFacts(command.data.facts);
      return [{ type: 'InitiativeAmended', version: 1, data: { ...ids, initiative: command.data.initiative } }];
    case 'CloseInitiative':
      requireActive(state, 'close');
      return [{ type: 'InitiativeClosed', version: 1, data: { ...ids, closedOn: command.metadata.now.slice(0, 10), ...(command.data.reason ? { reason: command.data.reason } : {}) } }];
    case 'FeatureInitiative':
      requireActive(state, 'feature');
      if (state.featured) throw new DomainError('initiative.already-featured', 'The initiative is already featured');
      return [{ type: 'InitiativeFeatured', version: 1, data: ids }];
    case 'RequestInitiativeChanges':
      requireActive(state, 'ask for changes');
      return [{ type: 'InitiativeChangesRequested', version: 1, data: { ...ids, reason: command.data.reason } }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: Initiative, event: InitiativeEvent): Initiative => {
  switch (event.type) {
    case 'InitiativeDeclared':
      return { status: 'active', featured: false };
    case 'InitiativeFeatured':
      return { ...state, featured: true };
    case 'InitiativeClosed':
      return { ...state, status: 'closed' };
    case 'InitiativeAmended':
    case 'InitiativeChangesRequested':
      return state;
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const initiativeDecider: Decider<InitiativeCommand, InitiativeEvent, Initiative> = { decide, evolve, initialState };
