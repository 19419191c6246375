import type { Server } from 'node:http';
import type { Express } from 'express';
import { listen } from './listen';

/**
 * How a container runs a service: listen, and on SIGTERM or SIGINT stop accepting requests,
 * then release what `stop` names (consumers, relay, stores, telemetry) in order, and exit 0.
 * A port that cannot be bound is reported by name with what to do, and the process releases
 * what it opened and exits 1, rather than running without serving.
 */
export const serveUntilSignalled = async (app: Express, options: { name: string; port: number; host: string; stop: () => Promise<void> }): Promise<Server> => {
  let server: Server;
  try {
    server = await listen(app, { name: options.name, port: options.port, host: options.host, setting: 'PORT' });
  } catch (error) {
    console.error(`[${options.name}] ${error instanceof Error ? error.message : String(error)}`);
    await options.stop().catch(() => undefined);
    process.exit(1);
  }
  console.log(`[${options.name}] listening on ${options.host}:${options.port}`);
  const shutdown = async () => {
    server.close();
    await options.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  return server;
};
