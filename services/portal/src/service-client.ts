/** A service's refusal as RFC 9457 problem details, kept whole so pages can map `errors` to fields. */
export interface ServiceProblem {
  type: string;
  title: string;
  status: number;
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

/**
 * The portal's only way to the services: their public HTTP APIs, never their databases. A
 * problem+json answer comes back as a value (pages show it); anything else unexpected throws.
 */
export class ServiceClient {
  constructor(
    private readonly name: string,
    private readonly baseUrl: string,
  ) {}

  async get<T>(path: string, query: Record<string, string> = {}): Promise<ServiceResult<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new ServiceUnavailableError(this.name, error);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok) return { ok: true, body: (await response.json()) as T };
    if (contentType.includes('application/problem+json')) return { ok: false, problem: (await response.json()) as ServiceProblem };
    if (response.status >= 500) throw new ServiceUnavailableError(this.name, new Error(`status ${response.status}`));
    return { ok: false, problem: { type: 'about:blank', title: response.statusText, status: response.status } };
  }
}
