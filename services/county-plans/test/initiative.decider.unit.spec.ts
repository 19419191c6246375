import { InitiativeContent, type InitiativeEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { initiativeDecider } from '../src/domain/initiative.decider';
import type { InitiativeCommand, InitiativeFacts } from '../src/domain/initiative';
import { at } from './builders';

const { given } = deciderSpec(initiativeDecider);
const ids = { organizationId: 'amani-youth', initiativeId: 'likoni-circles' };
const initiative = InitiativeContent.parse({
  title: 'Likoni youth mentoring circles',
  description: 'Weekly mentoring circles for young people in Likoni.',
  counties: ['001'],
  pillars: ['psychosocial'],
  startsOn: '2026-01-01',
  budgetBand: '1m-to-10m',
});
const verified: InitiativeFacts = { organization: { verified: true, type: 'community-based' }, unknownPartners: [], unknownPlanActions: [] };
const cmd = (type: InitiativeCommand['type'], data: object = {}) => ({ type, data: { ...ids, ...data }, metadata: at('2026-03-02T09:00:00.000Z') }) as InitiativeCommand;
const ev = (type: InitiativeEvent['type'], data: object = {}) => ({ type, version: 1, data: { ...ids, ...data } }) as InitiativeEvent;
const declared = ev('InitiativeDeclared', { organizationType: 'community-based', initiative });

describe('initiative decider', () => {
  it('declares a verified organisation’s initiative, with its type then', () => given([]).when(cmd('DeclareInitiative', { initiative, facts: verified })).then([declared]));

  it('refuses an organisation that is not verified or unknown, unknown partners and plan actions', () => {
    given([]).when(cmd('DeclareInitiative', { initiative, facts: { ...verified, organization: { verified: false, type: 'community-based' } } })).thenThrows('initiative.organization-not-verified');
    given([]).when(cmd('DeclareInitiative', { initiative, facts: { unknownPartners: [], unknownPlanActions: [] } })).thenThrows('initiative.organization-not-verified');
    given([]).when(cmd('DeclareInitiative', { initiative, facts: { ...verified, unknownPartners: ['nobody-here'] } })).thenThrows('initiative.unknown-partners');
    given([]).when(cmd('DeclareInitiative', { initiative, facts: { ...verified, unknownPlanActions: [{ countyCode: '001', actionId: 'none' }] } })).thenThrows('initiative.unknown-plan-actions');
    given([declared]).when(cmd('DeclareInitiative', { initiative, facts: verified })).thenThrows('initiative.already-exists');
  });

  it('amends, features once, asks for changes, closes on the service’s day; nothing after closing', () => {
    given([declared]).when(cmd('AmendInitiative', { initiative, facts: verified })).then([ev('InitiativeAmended', { initiative })]);
    given([declared]).when(cmd('FeatureInitiative')).then([ev('InitiativeFeatured')]);
    given([declared, ev('InitiativeFeatured')]).when(cmd('FeatureInitiative')).thenThrows('initiative.already-featured');
    given([declared]).when(cmd('RequestInitiativeChanges', { reason: 'Name the wards.' })).then([ev('InitiativeChangesRequested', { reason: 'Name the wards.' })]);
    given([declared]).when(cmd('CloseInitiative')).then([ev('InitiativeClosed', { closedOn: '2026-03-02' })]);
    const closed = ev('InitiativeClosed', { closedOn: '2026-03-02' });
    given([declared, closed]).when(cmd('AmendInitiative', { initiative, facts: verified })).thenThrows('initiative.closed');
    given([declared, closed]).when(cmd('CloseInitiative')).thenThrows('initiative.closed');
    given([]).when(cmd('FeatureInitiative')).thenThrows('initiative.not-found');
  });
});
