import type { RequestHandler } from 'express';
import type { EventStore, PersonalDataVault, Projection, Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { organizationsProjection } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

/** A projection that has had events waiting this long without progress makes /readyz fail. */
const STALL_LIMIT_MS = 30_000;

export interface RegistrationAppOptions {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  projections: readonly Subscription[];
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

export const createRegistrationApp = (options: RegistrationAppOptions) =>
  createServiceApp({
    serviceName: 'registration',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: registrationRoutes(options),
    ...(options.log ? { log: options.log } : {}),
    readiness: [
      {
        name: 'event-store',
        check: async () => `head position ${await options.store.headPosition()}`,
      },
      ...options.projections.map((subscription) => ({
        name: subscription.name,
        check: async () => {
          const status = subscription.status();
          if (!status.running) throw new Error('not running');
          if (status.stalledForMs > STALL_LIMIT_MS) throw new Error(`stalled for ${status.stalledForMs} ms: ${status.lastError ?? ''}`);
          return `at position ${status.position}`;
        },
      })),
    ],
    gauges: () =>
      Object.fromEntries(options.projections.map((s) => [`csm_projection_position{projection="${s.name}"}`, Number(s.status().position)])),
  });
