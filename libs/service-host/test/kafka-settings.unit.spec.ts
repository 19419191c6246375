import { ServiceEnvironment } from '@csm/http';
import { kafkaSettingsFrom } from '../src/kafka-settings';

const REQUIRED = { KAFKA_BROKERS: '127.0.0.1:9092', MONGODB_URI: 'mongodb://db/', OIDC_ISSUER: 'https://id.example/realms/csm' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const parse = (env: Record<string, string>) => ServiceEnvironment.safeParse({ ...REQUIRED, ...env });
const issues = (env: Record<string, string>) => {
  const parsed = parse(env);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(env)} to be refused`);
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};
const settings = (env: Record<string, string>, files: Record<string, string> = {}) => {
  const parsed = parse(env);
  if (!parsed.success) throw new Error(parsed.error.message);
  return kafkaSettingsFrom(parsed.data, (path) => {
    if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return files[path]!;
  });
};

describe('Kafka TLS, SASL and topic settings from the environment', () => {
  it('defaults to plaintext, no SASL, one copy of each topic and the broker’s min.insync.replicas', () =>
    expect(settings({})).toEqual({ ok: true, security: {}, topics: { replicationFactor: 1 } }));

  it('reads a production cluster’s settings: TLS with a private CA, SCRAM, 3 copies, 2 in sync', () =>
    expect(
      settings(
        {
          KAFKA_SSL: 'true',
          KAFKA_SSL_CA_FILE: '/etc/kafka/ca.crt',
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'csm-registration',
          KAFKA_SASL_PASSWORD: 's3cret',
          CSM_TOPIC_REPLICATION_FACTOR: '3',
          CSM_TOPIC_MIN_INSYNC_REPLICAS: '2',
        },
        { '/etc/kafka/ca.crt': PEM },
      ),
    ).toEqual({
      ok: true,
      security: { ssl: { ca: [PEM] }, sasl: { mechanism: 'scram-sha-512', username: 'csm-registration', password: 's3cret' } },
      topics: { replicationFactor: 3, minInsyncReplicas: 2 },
    }));

  it('uses the system’s CAs with KAFKA_SSL=true and no CA file', () => expect(settings({ KAFKA_SSL: 'true' })).toEqual({ ok: true, security: { ssl: true }, topics: { replicationFactor: 1 } }));

  it.each([
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL: KAFKA_SSL must be true or false'],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512'],
    [{ CSM_TOPIC_REPLICATION_FACTOR: 'three' }, 'CSM_TOPIC_REPLICATION_FACTOR: CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1'],
    [{ CSM_TOPIC_REPLICATION_FACTOR: '0' }, 'CSM_TOPIC_REPLICATION_FACTOR: CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1'],
    [{ CSM_TOPIC_REPLICATION_FACTOR: '1.5' }, 'CSM_TOPIC_REPLICATION_FACTOR: CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1'],
    [{ CSM_TOPIC_REPLICATION_FACTOR: '' }, 'CSM_TOPIC_REPLICATION_FACTOR: CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1'],
    [{ CSM_TOPIC_MIN_INSYNC_REPLICAS: '-1' }, 'CSM_TOPIC_MIN_INSYNC_REPLICAS: CSM_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1'],
    [{ KAFKA_SASL_PASSWORD: '' }, 'KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD must not be empty'],
  ])('refuses %j naming the variable', (env, message) => expect(issues(env)).toEqual([message]));

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, [{ variable: 'KAFKA_SASL_PASSWORD', message: 'is required with KAFKA_SASL_MECHANISM=plain' }]],
    [
      { KAFKA_SASL_MECHANISM: 'scram-sha-256' },
      [
        { variable: 'KAFKA_SASL_USERNAME', message: 'is required with KAFKA_SASL_MECHANISM=scram-sha-256' },
        { variable: 'KAFKA_SASL_PASSWORD', message: 'is required with KAFKA_SASL_MECHANISM=scram-sha-256' },
      ],
    ],
    [{ KAFKA_SASL_USERNAME: 'u' }, [{ variable: 'KAFKA_SASL_USERNAME', message: 'is set but KAFKA_SASL_MECHANISM is not: set it to plain, scram-sha-256 or scram-sha-512' }]],
    [{ KAFKA_SSL_CA_FILE: '/etc/kafka/ca.crt' }, [{ variable: 'KAFKA_SSL_CA_FILE', message: 'is set but KAFKA_SSL is not true: set KAFKA_SSL=true to connect with TLS' }]],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/missing.crt' }, [{ variable: 'KAFKA_SSL_CA_FILE', message: "cannot read /missing.crt: ENOENT: no such file or directory, open '/missing.crt'" }]],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/kafka/ca.crt' }, [{ variable: 'KAFKA_SSL_CA_FILE', message: '/etc/kafka/ca.crt holds no PEM certificate' }], { '/etc/kafka/ca.crt': 'not a cert' }],
    [
      { CSM_TOPIC_REPLICATION_FACTOR: '3', CSM_TOPIC_MIN_INSYNC_REPLICAS: '4' },
      [{ variable: 'CSM_TOPIC_MIN_INSYNC_REPLICAS', message: '4 exceeds CSM_TOPIC_REPLICATION_FACTOR 3: no write could ever be acknowledged' }],
    ],
  ] as [Record<string, string>, unknown[], Record<string, string>?][])('refuses %j where the variables do not fit together', (env, problems, files = {}) =>
    expect(settings(env, files)).toEqual({ ok: false, problems }));
});
