import { readModelStreamRevisions, type EventContracts, type PartitionCheckpointStore, type Projection } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import type { Kafka } from 'kafkajs';
import { inSpan } from '@csm/telemetry';
import { KafkaSubscription } from './kafka-subscription';
import type { RelayProgress } from './stored-projection-progress';

export interface KafkaProjectorOptions {
  kafka: Kafka;
  projection: Projection;
  /** The consumer group: the projection's name, namespaced. */
  name: string;
  topics: string[];
  contracts: EventContracts;
  readModels: ReadModels;
  /** Per-partition checkpoints beside the read models, which api pods read-your-writes from. */
  checkpoints: PartitionCheckpointStore;
  /** The stored progress of the relay that publishes `topics`. */
  relay: RelayProgress;
}

/**
 * The production way to run a projection (the Kafka twin of `embeddedProjector`): a consumer
 * group that reads through the contracts, tracks stream revisions beside the read model for gap
 * detection, and checkpoints per partition beside it.
 */
export const kafkaProjector = (options: KafkaProjectorOptions): KafkaSubscription =>
  new KafkaSubscription({
    kafka: options.kafka,
    name: options.name,
    topics: options.topics,
    accepts: (type) => options.projection.eventTypes.includes(type),
    contracts: options.contracts,
    streamRevisions: readModelStreamRevisions(options.readModels),
    // Inside the subscription's `consume <group>` span: the read-model write, as the embedded projector names it.
    handler: (event) => inSpan(`project ${options.projection.name}`, { attributes: { 'csm.event.type': event.type, 'csm.stream.id': event.streamId } }, () => options.projection.apply(event, options.readModels)),
    checkpoints: options.checkpoints,
    relay: options.relay,
  });
