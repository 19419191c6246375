import { Kafka, logLevel } from 'kafkajs';

/** One Kafka client per process. Retries ride out a broker restart (about a minute of backoff). */
export const createKafka = (options: { clientId: string; brokers: string[]; quiet?: boolean }): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
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
