import { currentTraceparent } from '@csm/telemetry';

/** A service's refusal as RFC 9457 problem details, kept whole so pages can map `errors` to fields. */
export interface ServiceProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export type ServiceResult<T> = { ok: true; body: T } | { ok: false; problem: ServiceProblem };

/** The service did not answer (down, refused the connection): a page says "unavailable". */
export class ServiceUnavailableError extends Error {
  constructor(readonly service: string, cause: unknown) {
    super(`${service} did not answer`, { cause });
    this.name = 'ServiceUnavailableError';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * The portal's only way to the services: their public HTTP APIs, never their databases. A
 * problem+json answer comes back as a value (pages show it); anything else unexpected throws.
 */
export class ServiceClient {
  constructor(
    private readonly name: string,
    private readonly baseUrl: string,
  ) {}

  async get<T>(path: string, query: Record<string, string> = {}, token?: string): Promise<ServiceResult<T>> {
    return this.resultOf<T>(await this.fetch(this.url(path, query), { headers: this.headers(token) }));
  }

  /** A command: JSON in, `202 { position }` (or the resource) out; the Idempotency-Key makes a resubmission harmless. */
  async send<T>(method: string, path: string, options: { token: string; body?: unknown; idempotencyKey?: string; ifMatch?: string }): Promise<ServiceResult<T>> {
    const headers = this.headers(options.token);
    // The revision the person's page showed: a change made since is refused (412), not overwritten.
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const init: RequestInit = { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) };
    return this.resultOf<T>(await this.fetch(this.url(path, {}), init));
  }

  /** A response to pass on as it is (a file; without a token, a public one); a refusal is still read as problem details by the caller. */
  async download(path: string, query: Record<string, string>, token?: string): Promise<Response> {
    return this.fetch(this.url(path, query), { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...this.traceHeader() } });
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url;
  }

  private headers(token: string | undefined): Record<string, string> {
    return { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...this.traceHeader() };
  }

  /** The page request's trace continues in the service (W3C `traceparent`). */
  private traceHeader(): Record<string, string> {
    const traceparent = currentTraceparent();
    return traceparent ? { traceparent } : {};
  }

  private async fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new ServiceUnavailableError(this.name, error);
    }
  }

  private async resultOf<T>(response: Response): Promise<ServiceResult<T>> {
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok) return { ok: true, body: (response.status === 204 ? undefined : await response.json()) as T };
    if (contentType.includes('application/problem+json')) return { ok: false, problem: (await response.json()) as ServiceProblem };
    if (response.status >= 500) throw new ServiceUnavailableError(this.name, new Error(`status ${response.status}`));
    return { ok: false, problem: { type: 'about:blank', title: response.statusText, status: response.status } };
  }
}
