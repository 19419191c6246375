import { Router, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { CallRead, RecommendationPackRead } from '@csm/contracts';
import { hasMessage, LOCALES } from '../../i18n/messages';
import { ServiceRefusedError, type PersonApi, type ServiceName } from '../../person-api';
import type { Journey, JourneyTools } from '../journey';
import { timelineOf, type StreamHistory } from './timeline';

interface Organisation {
  _id: string;
  status: string;
  profile: { name: string };
}
/** The proposals API's `CallRead`. */
type Call = z.infer<typeof CallRead>;
/** The proposals API's `RecommendationPackRead`: the page lists its rows and those screened out. */
type Pack = z.infer<typeof RecommendationPackRead>;

const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

/** Which texts exist for the types and roles of this history, so the page shows a type it has no words for as it is. */
const wordsFor = (history: StreamHistory) => ({
  knownEvents: new Set(history.events.map((e) => e.type).filter((type) => hasMessage('en', `audit.events.${type}`))),
  knownRoles: new Set(history.events.flatMap((e) => e.metadata.actor.roles ?? []).filter((role) => hasMessage('en', `audit.roles.${role}`))),
});

/**
 * The auditor's view of the record: the history of an organisation, a call or a proposal as a
 * timeline, with the verdict of its hash chain in words. The services keep the record and check
 * the chain; the page only reads it out.
 */
export const auditJourney: Journey = {
  navigation: [{ href: '/history', key: 'audit.nav', roles: ['auditor'] }],
  routes: ({ render, requireSignIn, api }: JourneyTools) => {
    const router = Router();
    router.use('/history', requireSignIn);

    const startPage = async (req: Request, res: Response, person: PersonApi, data: Record<string, unknown> = {}, status = 200) => {
      const [organisations, calls] = await Promise.all([
        person.read<{ items: Organisation[]; total: number }>('registration', '/organizations', { limit: '100' }),
        person.read<{ items: Call[] }>('proposals', '/calls'),
      ]);
      return render(req, res, 'audit/start', { organisations: organisations.items, calls: calls.items, errors: [], answers: {}, ...data }, status);
    };
    router.get('/history', async (req, res) => startPage(req, res, api(res)));

    // Finding a proposal by its call and organisation: a plain GET form, so it works without JavaScript.
    router.get('/history/proposal', async (req, res) => {
      const call = typeof req.query.call === 'string' ? req.query.call : '';
      const organisation = typeof req.query.organisation === 'string' ? req.query.organisation : '';
      if (ID.test(call) && ID.test(organisation)) return res.redirect(303, `/history/proposals/${call}/${organisation}`);
      const errors = [
        ...(ID.test(call) ? [] : [{ field: 'call', key: 'audit.errors.call' }]),
        ...(ID.test(organisation) ? [] : [{ field: 'organisation', key: 'audit.errors.organisation' }]),
      ];
      return startPage(req, res, api(res), { errors, answers: { call, organisation } }, 400);
    });

    const historyPage = async (req: Request, res: Response, next: NextFunction, service: ServiceName, path: string, subject: Record<string, unknown>) => {
      const history = await api(res).get<StreamHistory>(service, path);
      if (!history.ok) {
        if (history.problem.status === 404) return next();
        throw new ServiceRefusedError(history.problem); // the portal's error pages: not allowed, sign in again, unavailable
      }
      return render(req, res, 'audit/history', { ...timelineOf(history.body), ...wordsFor(history.body), streamId: history.body.streamId, locales: LOCALES, ...subject });
    };

    router.get('/history/organisations/:id', async (req, res, next) => {
      const { id } = req.params as { id: string };
      if (!ID.test(id)) return next();
      return historyPage(req, res, next, 'registration', `/organizations/${id}/history`, { kind: 'organisation', name: id });
    });

    router.get('/history/calls/:id', async (req, res, next) => {
      const { id } = req.params as { id: string };
      if (!ID.test(id)) return next();
      // The proposals of the call that reached assessment or screening, from the call's pack (auditors read it whole).
      const pack = await api(res).get<Pack>('proposals', `/calls/${id}/ranking`);
      const proposals = pack.ok
        ? [...pack.body.rows, ...pack.body.screenedOut.map((s) => ({ ...s, title: '' }))].map((p) => ({ ...p, orgId: p.proposalId.slice(id.length + 1) }))
        : [];
      return historyPage(req, res, next, 'proposals', `/calls/${id}/history`, { kind: 'call', name: id, callId: id, proposals });
    });

    router.get('/history/proposals/:ref/:orgId', async (req, res, next) => {
      const { ref, orgId } = req.params as { ref: string; orgId: string };
      if (!ID.test(ref) || !ID.test(orgId)) return next();
      return historyPage(req, res, next, 'proposals', `/proposals/${ref}/${orgId}/history`, { kind: 'proposal', name: `${ref}.${orgId}`, callId: ref });
    });

    return router;
  },
};
