import type { Express } from 'express';

/**
 * How a container runs a service: listen, and on SIGTERM or SIGINT stop accepting requests,
 * then release what `stop` names (consumers, relay, stores, telemetry) in order, and exit 0.
 */
export const serveUntilSignalled = (app: Express, options: { name: string; port: number; host: string; stop: () => Promise<void> }): void => {
  const server = app.listen(options.port, options.host, () => console.log(`[${options.name}] listening on ${options.host}:${options.port}`));
  const shutdown = async () => {
    server.close();
    await options.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
};
