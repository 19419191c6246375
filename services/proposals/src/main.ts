import type { RequestHandler } from 'express';
import type { Kafka } from 'kafkajs';
import { readModelStreamRevisions, type CheckpointStore, type EventStore } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { KafkaRelay, KafkaSubscription, LeaderElection, type Lease } from '@csm/bus-kafka';
import { TOPICS } from '@csm/contracts';
import { createProposalsApp, PROPOSALS_PROJECTIONS } from './proposals-service';
import { verifiedOrganizationsProjection } from './projections/verified-organizations.projection';

/**
 * Production composition of the proposals service: its relay publishes `call-*` and `proposal-*`
 * streams to `csm.proposals.events`; each projection is a consumer group. The registration
 * facts it needs arrive on `csm.registration.events`, published by registration's own relay.
 */
export interface BusProposalsOptions {
  store: EventStore;
  readModels: ReadModels;
  authenticate: RequestHandler;
  kafka: Kafka;
  relayCheckpoints: CheckpointStore;
  /** How far registration's relay has published, for exact read-your-writes on its facts. */
  registrationPublishedUpTo?: () => Promise<bigint>;
  namespace?: string;
  runRelay?: boolean;
  /** Elects the one replica that relays (ARCHITECTURE §6); without it, every relaying process does. */
  relayLease?: Lease;
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

export const startBusProposals = async (options: BusProposalsOptions) => {
  const prefix = options.namespace ?? '';
  const relayName = `${prefix}proposals.relay`;
  // With a lease (worker replicas), only the replica holding it runs the relay.
  const lease = options.relayLease;
  const makeRelay = () => new KafkaRelay({ kafka: options.kafka, store: options.store, checkpoints: options.relayCheckpoints, categories: ['call', 'proposal', 'solution'], topicPrefix: prefix, name: relayName, ...(lease ? { mayPublish: () => lease.isHeld() } : {}) });
  const relay = options.runRelay === false ? undefined : lease ? new LeaderElection(lease, makeRelay, options.log) : makeRelay();
  await relay?.start();
  const ownPublished = async () => (await options.relayCheckpoints.load(relayName)) ?? -1n;
  const projections = PROPOSALS_PROJECTIONS.map((projection) => {
    const fromRegistration = projection === verifiedOrganizationsProjection;
    const publishedUpTo = fromRegistration ? options.registrationPublishedUpTo : ownPublished;
    return new KafkaSubscription({
      kafka: options.kafka,
      name: `${prefix}${projection.name}`,
      topics: [`${prefix}${fromRegistration ? TOPICS.registration : TOPICS.proposals}`],
      accepts: (type) => projection.eventTypes.includes(type),
      // The last revision seen per stream lives beside the read model, for gap detection.
      streamRevisions: readModelStreamRevisions(options.readModels),
      handler: (event) => projection.apply(event, options.readModels),
      ...(publishedUpTo ? { publishedUpTo } : {}),
    });
  });
  await Promise.all(projections.map((p) => p.start()));
  return {
    app: createProposalsApp({
      store: options.store,
      readModels: options.readModels,
      projections,
      authenticate: options.authenticate,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    }),
    projections,
    caughtUp: (position: bigint) => Promise.all(projections.map((p) => p.caughtUp(position))).then(() => undefined),
    stop: async () => {
      await Promise.all(projections.map((p) => p.stop()));
      await relay?.stop();
    },
  };
};
