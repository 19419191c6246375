import { z } from 'zod';
import { configurationFrom, ServiceEnvironment } from '@csm/http';
import { kafkaSettingsFrom } from '@csm/service-host';
import { createKafka, deadLetterTopics, DLQ_SUFFIX, parseBrokers, readDeadLetters, replayDeadLetters, type DeadLetter } from '@csm/bus-kafka';

/**
 * `npm run dlq -- list`              every dead letter of this namespace, per DLQ topic
 * `npm run dlq -- replay <topic>`    re-drives a DLQ topic's dead letters not replayed yet
 *
 * A replay puts each dead letter back onto its original topic, addressed (header
 * `csm_replay_for`) to the subscription that failed it; that subscription handles it again and
 * the others ignore it. How far a replay got is a consumer group's offset
 * (`csm.dlq-replay.<dlq topic>`), so running it twice re-drives nothing twice.
 */
const BROKERS_REQUIRED = 'KAFKA_BROKERS is required (host:port,…); on a development machine: source .cache/infra/env';
const Config = z.object({
  KAFKA_BROKERS: z.string({ error: BROKERS_REQUIRED }).min(1, BROKERS_REQUIRED),
  CSM_NAMESPACE: z.string().default(''),
  // The same TLS and SASL settings as the services' (libs/service-host/README.md).
  ...ServiceEnvironment.pick({
    KAFKA_SSL: true,
    KAFKA_SSL_CA_FILE: true,
    KAFKA_SASL_MECHANISM: true,
    KAFKA_SASL_USERNAME: true,
    KAFKA_SASL_PASSWORD: true,
    CSM_TOPIC_REPLICATION_FACTOR: true,
    CSM_TOPIC_MIN_INSYNC_REPLICAS: true,
  }).shape,
});

const USAGE = `usage: npm run dlq -- list
       npm run dlq -- replay <topic>      (the DLQ topic, e.g. csm.registration.events.dlq, or its source topic)`;

const line = (letter: DeadLetter): string => {
  const event = letter.eventType ? `${letter.eventType} ${letter.streamId ?? '?'}@${letter.streamRevision ?? '?'}` : `(not an event) key ${letter.streamId ?? '-'}`;
  return `  ${letter.partition}/${letter.offset}  ${letter.replayed ? 'replayed' : 'waiting '}  ${event}\n      subscription ${letter.subscription || '?'}  source ${letter.source || '?'}${letter.at ? `  at ${letter.at}` : ''}\n      reason: ${letter.reason}`;
};

const main = async (): Promise<number> => {
  const [command, topicArgument] = process.argv.slice(2);
  if (command !== 'list' && command !== 'replay') {
    console.error(USAGE);
    return 2;
  }
  const config = configurationFrom(Config, process.env);
  const settings = kafkaSettingsFrom(config);
  if (!settings.ok) {
    for (const problem of settings.problems) console.error(`Invalid configuration ${problem.variable}: ${problem.message}`);
    return 2;
  }
  const kafka = createKafka({ clientId: 'csm-dlq', brokers: parseBrokers(config.KAFKA_BROKERS), quiet: true, ...settings.security });
  const namespace = config.CSM_NAMESPACE;
  console.log(`[dlq] brokers ${config.KAFKA_BROKERS}, namespace ${namespace === '' ? '(none)' : namespace}`);
  const topics = await deadLetterTopics(kafka, namespace);

  if (command === 'list') {
    if (topics.length === 0) {
      console.log('[dlq] no dead-letter topics in this namespace (is CSM_NAMESPACE right?)');
      return 0;
    }
    let total = 0;
    for (const topic of topics) {
      process.stdout.write(`[dlq] reading ${topic}… `);
      const letters = await readDeadLetters(kafka, topic);
      const waiting = letters.filter((l) => !l.replayed).length;
      total += waiting;
      console.log(`${letters.length} dead letter(s), ${waiting} not replayed`);
      for (const letter of letters) console.log(line(letter));
    }
    if (total > 0) console.log(`[dlq] ${total} waiting. Fix the cause (see each reason), then: npm run dlq -- replay <topic>`);
    return 0;
  }

  if (!topicArgument) {
    console.error(`[dlq] replay needs a topic.\n${USAGE}`);
    return 2;
  }
  const wanted = topicArgument.endsWith(DLQ_SUFFIX) ? topicArgument : `${topicArgument}${DLQ_SUFFIX}`;
  const topic = topics.find((t) => t === wanted || t === `${namespace}${wanted}`);
  if (!topic) {
    console.error(`[dlq] no dead-letter topic ${wanted} in this namespace. Known: ${topics.join(', ') || 'none'}. Run \`npm run dlq -- list\` to see them.`);
    return 2;
  }
  console.log(`[dlq] replaying ${topic} onto ${topic.slice(0, -DLQ_SUFFIX.length)}…`);
  const replayed = await replayDeadLetters(kafka, topic, (letter) =>
    console.log(`  re-drove ${letter.partition}/${letter.offset} ${letter.eventType ?? '(not an event)'} ${letter.streamId ?? ''} for ${letter.subscription || '?'}`),
  );
  if (replayed.length === 0) console.log('[dlq] nothing to replay: every dead letter of this topic was replayed before.');
  else
    console.log(
      `[dlq] re-drove ${replayed.length} dead letter(s) to their subscriptions. One that fails again comes back to ${topic} with its new reason: check with \`npm run dlq -- list\`.`,
    );
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[dlq] failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('[dlq] Check that Kafka answers at KAFKA_BROKERS (npm run infra:status) and run the same command again: a replay resumes where it stopped.');
    process.exit(1);
  },
);
