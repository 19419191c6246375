import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenOptions {
  /** What listens, as a person would name it in the message ("proposals API"). */
  name: string;
  /** 0 picks a free port (tests, benchmarks). */
  port: number;
  host: string;
  /** The setting that chooses this port (`PORT`, `CSM_PROPOSALS_PORT`), named in the message. */
  setting?: string;
}

/** A port that could not be bound, with a message that says which and what to do about it. */
export class PortUnavailableError extends Error {
  constructor(
    readonly options: ListenOptions,
    readonly code: string,
  ) {
    const where = `${options.host}:${options.port}`;
    const change = options.setting ? `set ${options.setting} to another port (0 picks a free one)` : 'choose another port (0 picks a free one)';
    const reason =
      code === 'EADDRINUSE'
        ? `the port is already in use. Stop what holds it (an earlier \`npm start\`? \`ss -ltnp 'sport = :${options.port}'\` shows it) or ${change}.`
        : code === 'EACCES'
          ? `permission denied (ports below 1024 need privileges); ${change}.`
          : code === 'EADDRNOTAVAIL'
            ? `${options.host} is not an address of this machine; choose another host.`
            : `${code}; ${change}.`;
    super(`${options.name} cannot listen on ${where}: ${reason}`);
    this.name = 'PortUnavailableError';
  }
}

/**
 * Binds `handler` and resolves once the port is really bound. Express 5's `app.listen(port,
 * cb)` hands a bind error to `cb` as its first argument, which reads like success and leaves
 * `server.address()` null; this waits for 'listening' and rejects on 'error' instead.
 */
export const listen = async (handler: RequestListener, options: ListenOptions): Promise<Server> => {
  const server = createServer(handler);
  server.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code ? new PortUnavailableError(options, code) : error;
  }
  return server;
};

/** `http://host:port` of a bound server (the real port when 0 was asked). */
export const urlOf = (server: Server, host: string): string => `http://${host}:${(server.address() as AddressInfo).port}`;

/** Stops accepting, ends idle keep-alive connections, and resolves when the server is closed. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
