import { z } from 'zod';

/**
 * Parses the environment once, in a composition root. A bad or missing variable stops the
 * process at start with one line per variable, naming it (exit code 2).
 */
export const configurationFrom = <S extends z.ZodType>(schema: S, environment: NodeJS.ProcessEnv): z.infer<S> => {
  const parsed = schema.safeParse(environment);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) console.error(`Invalid configuration ${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
};

/**
 * `OTEL_EXPORTER_OTLP_ENDPOINT`: the OpenTelemetry collector's OTLP/HTTP base URL (spans go to
 * `<it>/v1/traces`). Unset or empty: no span leaves the process.
 */
export const OtlpEndpoint = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.url('OTEL_EXPORTER_OTLP_ENDPOINT must be the collector’s OTLP/HTTP URL, e.g. http://otel-collector:4318').optional(),
);

/**
 * What every service container reads from its environment; a service `.extend`s it with its
 * own variables. `CSM_ROLE=api` serves HTTP only (no projection, no relay; it never connects to Kafka);
 * `worker` also runs the service's projections and its relay.
 */
export const ServiceEnvironment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** All interfaces in a container; tests bind loopback. */
  HOST: z.string().default('0.0.0.0'),
  CSM_ROLE: z.enum(['api', 'worker']).default('api'),
  CSM_NAMESPACE: z.string().default(''),
  ESDB_CONNECTION_STRING: z.string().optional(),
  CSM_SQLITE_FILE: z.string().optional(),
  KAFKA_BROKERS: z.string().min(1, 'KAFKA_BROKERS is required (host:port,…)'),
  /** TLS to the brokers; with `KAFKA_SSL_CA_FILE`, trusting that CA (PEM) instead of the system's. */
  KAFKA_SSL: z
    .enum(['true', 'false'], { error: 'KAFKA_SSL must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  KAFKA_SSL_CA_FILE: z.string().min(1, 'KAFKA_SSL_CA_FILE must be the path of a PEM file').optional(),
  /** SASL authentication; needs `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD` (a Secret). */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], { error: 'KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512' }).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1, 'KAFKA_SASL_USERNAME must not be empty').optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1, 'KAFKA_SASL_PASSWORD must not be empty').optional(),
  /** Copies of each topic a worker creates: 3 on a production cluster, 1 on a single broker. */
  CSM_TOPIC_REPLICATION_FACTOR: z.coerce
    .number({ error: 'CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1' })
    .int('CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1')
    .min(1, 'CSM_TOPIC_REPLICATION_FACTOR must be a whole number from 1')
    .max(32767, 'CSM_TOPIC_REPLICATION_FACTOR must be at most 32767')
    .default(1),
  /** `min.insync.replicas` of each topic created (2 with 3 copies); the broker's default when unset. */
  CSM_TOPIC_MIN_INSYNC_REPLICAS: z.coerce
    .number({ error: 'CSM_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1' })
    .int('CSM_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1')
    .min(1, 'CSM_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1')
    .optional(),
  MONGODB_URI: z.string().min(1, 'MONGODB_URI is required'),
  OIDC_ISSUER: z.url('OIDC_ISSUER must be the realm URL, e.g. https://id.example/realms/csm'),
  OIDC_AUDIENCE: z.string().default('csm-api'),
  OTEL_EXPORTER_OTLP_ENDPOINT: OtlpEndpoint,
  /** OpenTelemetry's batch delay (ms) before queued spans are exported; default 5000. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).optional(),
});

/**
 * A secret given in the environment (a Kubernetes Secret in production): base64 of exactly 32
 * bytes, e.g. `openssl rand -base64 32`. Parsed to its bytes; anything else stops the start.
 */
/** A comma-separated list of base64 32-byte secrets (e.g. CSM_KEK_PREVIOUS); absent or empty is none. */
export const Base64Secret32List = (name: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const parts = (text ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      const keys: Buffer[] = [];
      for (const [index, part] of parts.entries()) {
        const bytes = Buffer.from(part, 'base64');
        if (bytes.length === 32 && bytes.toString('base64') === part) keys.push(bytes);
        else ctx.addIssue({ code: 'custom', message: `${name} entry ${index + 1} must be base64 of exactly 32 bytes (entries separated by commas)` });
      }
      return keys;
    });

export const Base64Secret32 = (name: string) =>
  z.string({ error: `${name} is required (base64 of 32 bytes, e.g. openssl rand -base64 32)` }).transform((text, ctx) => {
    const bytes = Buffer.from(text.trim(), 'base64');
    if (bytes.length === 32 && bytes.toString('base64') === text.trim()) return bytes;
    ctx.addIssue({ code: 'custom', message: `${name} must be base64 of exactly 32 bytes` });
    return z.NEVER;
  });
