import type { RequestHandler } from 'express';
import type { EventStore, PersonalDataVault, Projection, Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { organizationsProjection } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

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
    readiness: eventSourcedReadiness(options.store, options.projections),
    metrics: { subscriptions: options.projections, headPosition: () => options.store.headPosition() },
  });
