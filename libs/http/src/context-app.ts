import type { RequestHandler } from 'express';
import { checkedEventStore, type EventContracts, type EventStore, type Subscription } from '@csm/eventing';
import type { OrganizationMembership, RouteSpec } from './routes';
import { createServiceApp } from './service-app';
import { eventSourcedReadiness } from './subscription-readiness';

/** What every bounded context's app is made of, wherever its projections run. */
export interface ContextAppDeps {
  store: EventStore;
  /** Appends are checked against them; deciders and history read through them. */
  contracts: EventContracts;
  /** The subscriptions this process runs (none in an `api` process; a worker's relay too), for /readyz and /metrics. */
  subscriptions: readonly Pick<Subscription, 'name' | 'status'>[];
  authenticate: RequestHandler;
  log?: (message: string, error?: unknown) => void;
  /** The time commands are decided at; tests move it to cross deadlines without waiting. */
  clock?: () => Date;
}

export interface ContextAppDefinition<O> {
  serviceName: string;
  /** The context's routes, given its options with the store checked against the contracts. */
  routes: (options: O) => readonly RouteSpec<any, any>[];
  /** Its read model of who belongs to which organisation, where it keeps one. */
  membership?: (options: O) => OrganizationMembership;
}

/**
 * A bounded context's express app: its store checked against the published language, its
 * routes, and `/readyz` and `/metrics` over the store and the subscriptions this process runs.
 */
export const createContextApp = <O extends ContextAppDeps>(unchecked: O, context: ContextAppDefinition<O>) => {
  const options: O = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    ...(context.membership ? { membership: context.membership(options) } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    serviceName: context.serviceName,
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: context.routes(options),
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};
