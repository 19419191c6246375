import { Kafka, logLevel, type SASLOptions } from 'kafkajs';

/** How the client reaches the brokers: TLS (with the cluster's CA when it is private) and SASL. */
export interface KafkaSecurity {
  /** `true`: TLS with the system's trusted CAs; `{ ca }`: TLS trusting these PEM certificates. */
  ssl?: boolean | { ca: string[] };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** How a relay creates its topics: a production cluster keeps 3 copies and acks from at least 2. */
export interface TopicSettings {
  replicationFactor: number;
  /** `min.insync.replicas` of each topic created; the broker's default when absent. */
  minInsyncReplicas?: number;
}

/** One Kafka client per process. Retries ride out a broker restart (about a minute of backoff). */
export const createKafka = (options: { clientId: string; brokers: string[]; quiet?: boolean } & KafkaSecurity): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.ssl ? { ssl: options.ssl === true ? true : { ca: options.ssl.ca } } : {}),
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    // A fault test that stops the broker on purpose asks for quiet, or its output is all noise.
    logLevel: options.quiet ? logLevel.NOTHING : logLevel.ERROR,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 15 },
  });

export const parseBrokers = (list: string): string[] =>
  list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
