import type { RequestHandler, Response, Router } from 'express';
import type { PersonApi, Services } from '../person-api';
import type { Render } from '../render';
import type { CountyShapes } from './county-plans/county-map';

/** What every journey's routes are given: nothing of a service's but its HTTP API. */
export interface JourneyTools {
  services: Services;
  render: Render;
  /** Put before a signed-in page: without a session, to the issuer and back. */
  requireSignIn: RequestHandler;
  /** The services as the signed-in person (their token, read-your-writes). */
  api: (res: Response) => PersonApi;
  /** Keeps changes a page made to the session (`res.locals.session`, e.g. a draft), shared by replicas. */
  saveSession: (res: Response) => Promise<void>;
  /** County boundaries the operator configured (`CSM_COUNTY_GEOJSON`); without them the map draws tiles. */
  countyShapes?: CountyShapes;
}

/** A header link, shown to people holding any of `roles` (everyone signed in when empty). */
export interface NavigationLink {
  href: string;
  /** Message key of the link text. */
  key: string;
  roles: readonly string[];
}

/** One group of pages: its routes and the links the header offers to them. */
export interface Journey {
  routes: (tools: JourneyTools) => Router;
  navigation: readonly NavigationLink[];
}
