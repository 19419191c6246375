import type { RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import { embeddedProjector, readModelStreamRevisions, type CheckpointStore, type DeadLetterSink, type EventStore, type PersonalDataVault, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { KafkaRelay, KafkaSubscription, LeaderElection, type Lease } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createRegistrationApp, REGISTRATION_PROJECTIONS } from './registration-service';

/**
 * Composition roots of the registration service. The app is the same in both; only where its
 * projections get events from differs: the embedded default runs them as catch-up subscriptions
 * over the store in this process; production runs the relay (store → Kafka) and one consumer
 * group per projection. This is the only file that knows Kafka exists.
 */
interface CommonOptions {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

const assemble = (options: CommonOptions, projections: readonly Subscription[], stopExtra: () => Promise<void>) => ({
  app: createRegistrationApp({
    store: options.store,
    readModels: options.readModels,
    vault: options.vault,
    projections,
    authenticate: options.authenticate,
    ...(options.log ? { log: options.log } : {}),
  }),
  projections,
  /** Resolves when every projection has handled the log up to `position`. */
  caughtUp: (position: bigint) => Promise.all(projections.map((p) => p.caughtUp(position))).then(() => undefined),
  stop: async () => {
    await Promise.all(projections.map((p) => p.stop()));
    await stopExtra();
  },
});

export interface EmbeddedRegistrationOptions extends CommonOptions {
  /** Embedded read models live in memory and are rebuilt from the log, so their checkpoints do too. */
  checkpoints: CheckpointStore;
  deadLetter?: DeadLetterSink;
}

export const startEmbeddedRegistration = async (options: EmbeddedRegistrationOptions) => {
  const projections = REGISTRATION_PROJECTIONS.map((projection) =>
    embeddedProjector(projection, {
      store: options.store,
      checkpoints: options.checkpoints,
      readModels: options.readModels,
      ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
    }),
  );
  await Promise.all(projections.map((p) => p.start()));
  return assemble(options, projections, async () => undefined);
};

export interface BusRegistrationOptions extends CommonOptions {
  kafka: Kafka;
  /** Durable checkpoints for the relay (the store's own in the embedded store). */
  relayCheckpoints: CheckpointStore;
  /** Prefixes topics and consumer groups, so environments can share a cluster. */
  namespace?: string;
  /** Run the relay in this process (a `worker` role); an `api`-only process leaves it out. */
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
}

export const startBusRegistration = async (options: BusRegistrationOptions) => {
  const prefix = options.namespace ?? '';
  const relayName = `${prefix}registration.relay`;
  // With a lease (worker replicas), only the replica holding it runs the relay.
  const lease = options.relayLease;
  const makeRelay = () => new KafkaRelay({ kafka: options.kafka, store: options.store, checkpoints: options.relayCheckpoints, categories: ['organization', 'dataSubject'], topicPrefix: prefix, name: relayName, ...(lease ? { mayPublish: () => lease.isHeld() } : {}) });
  const relay = options.runRelay === false ? undefined : lease ? new LeaderElection(lease, makeRelay, options.log) : makeRelay();
  await relay?.start();
  const projections = REGISTRATION_PROJECTIONS.map(
    (projection) =>
      new KafkaSubscription({
        kafka: options.kafka,
        name: `${prefix}${projection.name}`,
        topics: [`${prefix}${TOPICS.registration}`],
        accepts: (type) => projection.eventTypes.includes(type),
        // The last revision seen per stream lives beside the read model, for gap detection.
        streamRevisions: readModelStreamRevisions(options.readModels),
        handler: (event) => projection.apply(event, options.readModels),
        publishedUpTo: async () => (await options.relayCheckpoints.load(relayName)) ?? -1n,
      }),
  );
  await Promise.all(projections.map((p) => p.start()));
  return { ...assemble(options, projections, async () => relay?.stop()), relay };
};
