import { Router } from 'express';
import type { Journey } from '../journeys/journey';
import { ServiceRefusedError } from '../person-api';
import type { SignedInPerson } from './session-store';

const KNOWN_ROLES = new Set(['nctc-admin', 'reviewer', 'county-officer', 'partner', 'auditor', 'donor']);

/**
 * "Your account": who the portal signed in, what their roles let them do, and — for a partner —
 * their organisation as the registration service shows it to them (read with their own token,
 * so this page is also where an expired sign-in shows first).
 */
export const accountJourney: Journey = {
  navigation: [{ href: '/account', key: 'session.account.link', roles: [] }],
  routes: (tools) => {
    const router = Router();
    router.get('/account', tools.requireSignIn, async (req, res) => {
      const user = res.locals.user as SignedInPerson;
      let organisation: string | null | undefined;
      if (user.roles.includes('partner') && user.organizationId) {
        const found = await tools.api(res).get<{ profile?: { name?: string } }>('registration', `/organizations/${encodeURIComponent(user.organizationId)}`);
        if (found.ok) organisation = found.body.profile?.name ?? user.organizationId;
        else if (found.problem.status === 404) organisation = null;
        else throw new ServiceRefusedError(found.problem);
      }
      const roleKeys = user.roles.filter((role) => KNOWN_ROLES.has(role)).map((role) => `session.account.role.${role}`);
      tools.render(req, res, 'session/account', { roleKeys, organisation });
    });
    return router;
  },
};
