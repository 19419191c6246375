import { Router } from 'express';
import type { Journey } from '../journey';
import { membersRoutes } from './members.routes';
import { myOrganisationRoutes } from './my-organisation.routes';
import { registerRoutes } from './register.routes';

/**
 * A partner's organisation: registering it in steps, where its verification stands (and the
 * answer to the NCTC's request), and its members. Every page under /my-organisation.
 */
export const organisationJourney: Journey = {
  navigation: [{ href: '/my-organisation', key: 'myOrganisation.nav', roles: ['partner'] }],
  routes: (tools) => {
    const router = Router();
    // Registration first: its fixed paths (/my-organisation/register/…) before the /:id pages.
    router.use(registerRoutes(tools));
    router.use(myOrganisationRoutes(tools));
    router.use(membersRoutes(tools));
    return router;
  },
};
