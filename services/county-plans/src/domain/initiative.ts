import type { Command } from '@csm/eventing';
import type { InitiativeContent, InitiativeEvent } from '@csm/contracts';

/** One organisation's initiative: declared, kept current, featured or sent back by the NCTC, closed. */
export interface Initiative {
  status: 'none' | 'active' | 'closed';
  featured: boolean;
}

/**
 * What the service's read models say when the command is sent: the acting organisation as
 * registration's events told this context (absent: never registered), which partners are
 * verified organisations, and which cited plan actions exist in their county's published plan.
 */
export interface InitiativeFacts {
  organization?: { verified: boolean; type: string };
  unknownPartners: string[];
  unknownPlanActions: { countyCode: string; actionId: string }[];
}

type InitiativeCommand_<T extends string, D> = Command<T, { organizationId: string; initiativeId: string } & D>;

export type DeclareInitiative = InitiativeCommand_<'DeclareInitiative', { initiative: InitiativeContent; facts: InitiativeFacts }>;
export type AmendInitiative = InitiativeCommand_<'AmendInitiative', { initiative: InitiativeContent; facts: InitiativeFacts }>;
export type CloseInitiative = InitiativeCommand_<'CloseInitiative', { reason?: string }>;
export type FeatureInitiative = InitiativeCommand_<'FeatureInitiative', Record<never, never>>;
export type RequestInitiativeChanges = InitiativeCommand_<'RequestInitiativeChanges', { reason: string }>;

export type InitiativeCommand = DeclareInitiative | AmendInitiative | CloseInitiative | FeatureInitiative | RequestInitiativeChanges;

export type { InitiativeEvent };
