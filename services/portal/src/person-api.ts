import type { Response } from 'express';
import type { ServiceClient, ServiceProblem, ServiceResult } from './service-client';
import type { Session } from './sign-in/session-store';

export type ServiceName = 'registration' | 'proposals' | 'countyPlans' | 'resources';
export type Services = Record<ServiceName, ServiceClient>;

/** What a page needs from sign-in to act as the person: their token, and keeping the session. */
export interface SessionAccess {
  accessToken: (res: Response) => Promise<string>;
  saveSession: (res: Response) => Promise<void>;
}

/** A service refused what a page needed to show (403, 404, …): the portal's error page says so. */
export class ServiceRefusedError extends Error {
  constructor(readonly problem: ServiceProblem) {
    super(`${problem.status} ${problem.title}`);
    this.name = 'ServiceRefusedError';
  }
}

/**
 * The services, called as the signed-in person: their own access token on every call, and
 * read-your-writes across pages — a command's `position` is kept in the session and the next
 * reads of that service wait for it, so the page after "Submit" shows what was submitted.
 */
export interface PersonApi {
  get<T>(service: ServiceName, path: string, query?: Record<string, string>): Promise<ServiceResult<T>>;
  /** A read the page cannot do without: a refusal becomes the matching error page. */
  read<T>(service: ServiceName, path: string, query?: Record<string, string>): Promise<T>;
  send<T = { position: string }>(
    service: ServiceName,
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
    /** The ETag the page was built from: the service refuses the command (412) when the resource changed since. */
    ifMatch?: string,
  ): Promise<ServiceResult<T>>;
  /** A file the service produces (a call's pack), passed through untouched. */
  download(service: ServiceName, path: string): Promise<globalThis.Response>;
}

export const personApi = (services: Services, access: SessionAccess, res: Response): PersonApi => {
  const session = () => res.locals.session as Session;
  const readQuery = (service: ServiceName, query: Record<string, string> = {}) => {
    const position = session().positions?.[service];
    return position === undefined ? query : { ...query, minPosition: position };
  };
  const api: PersonApi = {
    get: async (service, path, query) => services[service].get(path, readQuery(service, query), await access.accessToken(res)),
    read: async <T>(service: ServiceName, path: string, query?: Record<string, string>) => {
      const result = await api.get<T>(service, path, query);
      if (!result.ok) throw new ServiceRefusedError(result.problem);
      return result.body;
    },
    send: async (service, method, path, body, idempotencyKey, ifMatch) => {
      const result = await services[service].send(method, path, { token: await access.accessToken(res), body, idempotencyKey, ...(ifMatch ? { ifMatch } : {}) });
      const position = result.ok ? (result.body as { position?: unknown }).position : undefined;
      if (typeof position === 'string' || typeof position === 'number') {
        const current = session();
        const previous = current.positions?.[service];
        if (previous === undefined || BigInt(position) > BigInt(previous)) {
          current.positions = { ...current.positions, [service]: String(position) };
          await access.saveSession(res);
        }
      }
      return result as never;
    },
    download: async (service, path) => services[service].download(path, readQuery(service), await access.accessToken(res)),
  };
  return api;
};
