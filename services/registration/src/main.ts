import type { RequestHandler } from 'express';
import { embeddedProjector, type CheckpointStore, type DeadLetterSink, type EventStore, type PersonalDataVault } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createRegistrationApp, REGISTRATION_PROJECTIONS } from './registration-service';

/**
 * Composition root of the registration service on the embedded adapters: the projections run
 * as catch-up subscriptions over the same store, in this process. The production wiring
 * (Kafka subscriptions, MongoDB read models) plugs different adapters into the same app.
 */
export interface EmbeddedRegistrationOptions {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  /** Embedded read models live in memory and are rebuilt from the log, so their checkpoints do too. */
  checkpoints: CheckpointStore;
  authenticate: RequestHandler;
  deadLetter?: DeadLetterSink;
  log?: (message: string, error?: unknown) => void;
}

export const startEmbeddedRegistration = async (options: EmbeddedRegistrationOptions) => {
  const projections = REGISTRATION_PROJECTIONS.map((projection) =>
    embeddedProjector(projection, {
      store: options.store,
      checkpoints: options.checkpoints,
      readModels: options.readModels,
      ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
    }),
  );
  await Promise.all(projections.map((p) => p.start()));
  const app = createRegistrationApp({
    store: options.store,
    readModels: options.readModels,
    vault: options.vault,
    projections,
    authenticate: options.authenticate,
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    app,
    projections,
    /** Resolves when every projection has handled the log up to `position`. */
    caughtUp: (position: bigint) => Promise.all(projections.map((p) => p.caughtUp(position))).then(() => undefined),
    stop: () => Promise.all(projections.map((p) => p.stop())).then(() => undefined),
  };
};
