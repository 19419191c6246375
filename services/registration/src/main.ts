import type { RequestHandler } from 'express';
import { startEmbeddedContext, type CheckpointStore, type DeadLetterSink, type EventContracts, type EventStore, type PersonalDataVault, type SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { contextRelayProgress, startBusContext, startBusContextRelay, type BusContext, type BusContextOptions, type RunningRelay } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createRegistrationApp, REGISTRATION_PROJECTIONS } from './registration-service';

/**
 * Composition roots of the registration service. The app is the same in both; only where its
 * projections get events from, and how reads learn how far they got, differ: the embedded
 * default runs them as catch-up subscriptions over the store in this process; production runs
 * the relay (store → Kafka) and one consumer group per projection in `worker` processes, and
 * every process answers `minPosition` from the checkpoints those store in the read-model
 * database. This is the only file that knows Kafka exists.
 */
interface CommonOptions {
  store: EventStore;
  /** The published language: appends are checked and every read upcast and parsed. */
  contracts: EventContracts;
  readModels: ReadModels;
  vault: PersonalDataVault;
  /** Pseudonymous ids of people, under the configured subject-id secret. */
  subjectIds: SubjectIds;
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

export interface EmbeddedRegistrationOptions extends CommonOptions {
  /** Embedded read models live in memory and are rebuilt from the log, so their checkpoints do too. */
  checkpoints: CheckpointStore;
  deadLetter?: DeadLetterSink;
}

export const startEmbeddedRegistration = (options: EmbeddedRegistrationOptions) =>
  startEmbeddedContext(
    REGISTRATION_PROJECTIONS,
    {
      store: options.store,
      contracts: options.contracts,
      checkpoints: options.checkpoints,
      readModels: options.readModels,
      ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
    },
    (wiring) => createRegistrationApp({ ...options, ...wiring }),
  );

export type BusRegistrationOptions = CommonOptions & BusContextOptions;

/** What registration's relay publishes, and what its projections read (its own topic only). */
export const REGISTRATION_CONTEXT: BusContext = {
  relayName: 'registration.relay',
  topic: TOPICS.registration,
  categories: ['organization', 'dataSubject'],
  projections: REGISTRATION_PROJECTIONS,
};

/**
 * How far registration's relay has published, as it stored it: its checkpoint where the relay
 * keeps it, and the per-partition record in the read-model database. Proposals reads it too.
 */
export const registrationRelayProgress = (relayCheckpoints: CheckpointStore, readModels: ReadModels, namespace = '') =>
  contextRelayProgress(REGISTRATION_CONTEXT.relayName, relayCheckpoints, readModels, namespace);

/**
 * The relay of registration's streams to its topic, started in a `worker` process. Exactly one
 * should run per environment: this is the one place that starts it (the seam for a lease).
 */
export const startRegistrationRelay = (options: BusRegistrationOptions): Promise<RunningRelay> => startBusContextRelay(REGISTRATION_CONTEXT, options);

export const startBusRegistration = (options: BusRegistrationOptions) => startBusContext(REGISTRATION_CONTEXT, options, (wiring) => createRegistrationApp({ ...options, ...wiring }));
