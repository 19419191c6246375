import type { RequestHandler } from 'express';
import { checkedEventStore, type EventContracts, type EventStore, type PersonalDataVault, type Projection, type ProjectionProgress, type SubjectIds, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness } from '@csm/http';
import { registrationRoutes } from './http/registration.routes';
import { organizationsProjection } from './projections/organizations.projection';
import { directoryProjection } from './projections/directory.projection';

export const REGISTRATION_PROJECTIONS: readonly Projection[] = [organizationsProjection, directoryProjection];

export interface RegistrationAppOptions {
  store: EventStore;
  /** Appends are checked against them; deciders and history read through them. */
  contracts: EventContracts;
  readModels: ReadModels;
  vault: PersonalDataVault;
  subjectIds: SubjectIds;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The subscriptions this process runs (none in an `api` process), for /readyz and /metrics. */
  subscriptions: readonly Subscription[];
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
}

export const createRegistrationApp = (unchecked: RegistrationAppOptions) => {
  const options = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    serviceName: 'registration',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: registrationRoutes(options),
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};
