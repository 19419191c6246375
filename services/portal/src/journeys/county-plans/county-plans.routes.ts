import { Router } from 'express';
import type { Journey, JourneyTools } from '../journey';
import { myCountyRoutes } from './my-county.routes';
import { planDraftRoutes } from './plan-draft.routes';
import { publicCountiesRoutes } from './public-counties.routes';
import { reviewRoutes } from './review.routes';
import { mapRoutes } from './map.routes';

/**
 * County Action Plans: the public's county pages (`/counties`), a county officer's plan versions
 * and quarterly reports (`/my-county`), and the approvers' queue (`/county-review`) for the
 * county secretariat, the co-chairs and the NCTC. The public pages are linked from these pages
 * (and from the header by the lead); the header links here are per role.
 */
const countyPlansRoutes = (tools: JourneyTools): Router => {
  const router = Router();
  router.use(publicCountiesRoutes(tools));
  router.use(myCountyRoutes(tools));
  router.use(planDraftRoutes(tools));
  router.use(reviewRoutes(tools));
  router.use(mapRoutes(tools));
  return router;
};

export const countyPlansJourney: Journey = {
  routes: countyPlansRoutes,
  navigation: [
    { href: '/my-county', key: 'countyPlans.nav.myCounty', roles: ['county-officer'] },
    { href: '/county-review', key: 'countyPlans.nav.review', roles: ['county-secretariat', 'county-co-chair', 'nctc-admin'] },
  ],
};
