import { InMemorySubjectKeyStore, PersonalDataVault } from '@csm/eventing';
import type { OnTheBus } from '@csm/testkit/bus';
import { registrationRelayProgress, startBusRegistration } from '@csm/registration';
import { proposalsRelayProgress, startBusProposals } from '@csm/proposals';
import { startBusCountyPlans } from '@csm/county-plans';
import { startBusResources } from '@csm/resources';

/** Registration in production shape on `bus` (subject keys in memory): every other context learns organisations from its topic. */
export const startRegistrationOnTheBus = (bus: OnTheBus) =>
  bus.start('registration', (options) => startBusRegistration({ ...options, subjectIds: bus.subjectIds, vault: new PersonalDataVault(new InMemorySubjectKeyStore()) }));

/** How far registration's relay on `bus` has published, as it stored it: what a projection of its facts is read-your-writes against. */
export const registrationRelayOn = async (bus: OnTheBus) => registrationRelayProgress(bus.store.checkpoints(), await bus.readModels('registration'), bus.namespace);

/** Proposals in production shape on `bus`, beside registration, on `clock` (moved past deadlines by the tests). */
export const startProposalsOnTheBus = async (bus: OnTheBus, clock: () => Date) => {
  const registrationRelay = await registrationRelayOn(bus);
  return bus.start('proposals', (options) => startBusProposals({ ...options, subjectIds: bus.subjectIds, registrationRelay, clock }));
};

/** How far proposals' relay on `bus` has published, as it stored it. */
export const proposalsRelayOn = async (bus: OnTheBus) => proposalsRelayProgress(bus.store.checkpoints(), await bus.readModels('proposals'), bus.namespace);

/** County plans in production shape on `bus`, beside registration and proposals (its organisations, awards and map read their topics). */
export const startCountyPlansOnTheBus = async (bus: OnTheBus, clock?: () => Date) => {
  const [registrationRelay, proposalsRelay] = await Promise.all([registrationRelayOn(bus), proposalsRelayOn(bus)]);
  return bus.start('county_plans', (options) => startBusCountyPlans({ ...options, registrationRelay, proposalsRelay, ...(clock ? { clock } : {}) }));
};

/** Resources (the library) in production shape on `bus`, beside registration (its organisations read registration's topic); `search` defaults to the minisearch index over its read models. */
export const startResourcesOnTheBus = async (bus: OnTheBus, search?: Parameters<typeof startBusResources>[0]['search']) => {
  const registrationRelay = await registrationRelayOn(bus);
  return bus.start('resources', (options) => startBusResources({ ...options, registrationRelay, ...(search ? { search } : {}) }));
};
