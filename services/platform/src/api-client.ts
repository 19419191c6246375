/**
 * A small client for the platform's HTTP API, as a person's tools would use it: tokens from the
 * identity provider's token endpoint (password grant of the `csm-portal` demo client), JSON
 * requests with Idempotency-Key. Used by the seed, the benchmarks and the end-to-end tests.
 */
export const DEMO_PASSWORD = 'demo-password';

export const passwordToken = async (issuer: string, username: string, password = DEMO_PASSWORD): Promise<string> => {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password, scope: 'openid' }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`Could not get a token for ${username}: ${response.status} ${body.error ?? ''} ${body.error_description ?? ''}`);
  }
  return body.access_token;
};

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export const callApi = async <T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> => {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
};
