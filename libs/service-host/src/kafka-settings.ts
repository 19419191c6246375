import { readFileSync } from 'node:fs';
import type { KafkaSecurity, TopicSettings } from '@csm/bus-kafka';
import type { ContextConfiguration } from './serve-context';

type KafkaVariables = Pick<
  ContextConfiguration,
  'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'CSM_TOPIC_REPLICATION_FACTOR' | 'CSM_TOPIC_MIN_INSYNC_REPLICAS'
>;

/** One variable that does not fit with the others: the start stops naming it. */
export interface KafkaSettingProblem {
  variable: string;
  message: string;
}

export type KafkaSettings = { ok: true; security: KafkaSecurity; topics: TopicSettings } | { ok: false; problems: KafkaSettingProblem[] };

/**
 * The Kafka client's TLS and SASL settings and the topics' replication from the parsed
 * environment, checking what one variable alone cannot: SASL needs all three of mechanism,
 * username and password; a CA file needs `KAFKA_SSL=true` and must be readable PEM;
 * `min.insync.replicas` cannot exceed the replication factor.
 */
export const kafkaSettingsFrom = (config: KafkaVariables, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): KafkaSettings => {
  const problems: KafkaSettingProblem[] = [];
  let ssl: KafkaSecurity['ssl'] = config.KAFKA_SSL;
  if (config.KAFKA_SSL_CA_FILE !== undefined) {
    if (!config.KAFKA_SSL) problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: 'is set but KAFKA_SSL is not true: set KAFKA_SSL=true to connect with TLS' });
    else {
      try {
        const pem = readFile(config.KAFKA_SSL_CA_FILE);
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: `${config.KAFKA_SSL_CA_FILE} holds no PEM certificate` });
        else ssl = { ca: [pem] };
      } catch (error) {
        problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: `cannot read ${config.KAFKA_SSL_CA_FILE}: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  let sasl: KafkaSecurity['sasl'];
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism !== undefined) {
    if (username === undefined) problems.push({ variable: 'KAFKA_SASL_USERNAME', message: `is required with KAFKA_SASL_MECHANISM=${mechanism}` });
    if (password === undefined) problems.push({ variable: 'KAFKA_SASL_PASSWORD', message: `is required with KAFKA_SASL_MECHANISM=${mechanism}` });
    if (username !== undefined && password !== undefined) sasl = { mechanism, username, password };
  } else {
    for (const [variable, value] of [
      ['KAFKA_SASL_USERNAME', username],
      ['KAFKA_SASL_PASSWORD', password],
    ] as const)
      if (value !== undefined) problems.push({ variable, message: 'is set but KAFKA_SASL_MECHANISM is not: set it to plain, scram-sha-256 or scram-sha-512' });
  }
  const topics: TopicSettings = { replicationFactor: config.CSM_TOPIC_REPLICATION_FACTOR };
  if (config.CSM_TOPIC_MIN_INSYNC_REPLICAS !== undefined) {
    if (config.CSM_TOPIC_MIN_INSYNC_REPLICAS > config.CSM_TOPIC_REPLICATION_FACTOR)
      problems.push({
        variable: 'CSM_TOPIC_MIN_INSYNC_REPLICAS',
        message: `${config.CSM_TOPIC_MIN_INSYNC_REPLICAS} exceeds CSM_TOPIC_REPLICATION_FACTOR ${config.CSM_TOPIC_REPLICATION_FACTOR}: no write could ever be acknowledged`,
      });
    else topics.minInsyncReplicas = config.CSM_TOPIC_MIN_INSYNC_REPLICAS;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, security: { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) }, topics };
};
