import { Router, type Request } from 'express';
import type { z } from 'zod';
import { COUNTIES, ORGANIZATION_TYPES, PILLAR_IDS, type CallRead } from '@csm/contracts';
import type { ServiceClient, ServiceProblem } from '../../service-client';
import type { Render } from '../../render';

interface DirectoryEntry {
  _id: string;
  name: string;
  type: string;
  mandate: string;
  website?: string;
  counties: { code: string; name: string }[];
  pillars: { id: string; name: string }[];
  verifiedAt?: string;
}
interface DirectoryPage {
  items: DirectoryEntry[];
  total: number;
  limit: number;
  offset: number;
}
/** The proposals API's `CallRead`. */
type Call = z.infer<typeof CallRead>;
interface Clarification {
  questionId: string;
  question: string;
  answer?: string;
}

const FILTERS = ['q', 'county', 'pillar', 'type'] as const;
const PAGE_SIZE = 20;

/** The filters as the form sent them: strings only, empty ones left out. */
const filtersOf = (req: Request): Map<string, string> => {
  const filters = new Map<string, string>();
  for (const name of [...FILTERS, 'offset']) {
    const value = req.query[name];
    if (typeof value === 'string' && value.trim() !== '') filters.set(name, value.trim());
  }
  return filters;
};

/** A 400's field errors as messages of our own, in the page's language, next to the filter they name. */
const filterErrors = (problem: ServiceProblem): { field: string; key: string }[] =>
  (problem.errors ?? [{ path: '', message: problem.title }]).map(({ path }) => {
    const field = (FILTERS as readonly string[]).includes(path) ? path : 'other';
    return { field, key: `directory.errors.${field}` };
  });

const countyName = (code: string) => COUNTIES.find((c) => c.code === code)?.name ?? code;

/** Pages anyone can read without signing in: home, the directory, open calls. */
export const publicRoutes = (services: { registration: ServiceClient; proposals: ServiceClient }, render: Render, demoAccounts = false): Router => {
  const router = Router();

  router.get('/', (req, res) => render(req, res, 'home', { demoAccounts }));

  router.get('/directory', async (req, res) => {
    const filters = filtersOf(req);
    const options = { counties: COUNTIES, pillars: PILLAR_IDS, types: ORGANIZATION_TYPES, filters: Object.fromEntries(filters) };
    const result = await services.registration.get<DirectoryPage>('/directory', { ...Object.fromEntries(filters), limit: String(PAGE_SIZE) });
    if (!result.ok) {
      if (result.problem.status !== 400) throw new Error(`directory: ${result.problem.status} ${result.problem.title}`);
      return render(req, res, 'directory', { ...options, errors: filterErrors(result.problem), page: undefined }, 400);
    }
    const page = result.body;
    const pageLink = (offset: number) => {
      const query = new URLSearchParams(filters);
      query.set('offset', String(offset));
      return `/directory?${query.toString()}`;
    };
    return render(req, res, 'directory', {
      ...options,
      errors: [],
      page,
      previous: page.offset > 0 ? pageLink(Math.max(0, page.offset - page.limit)) : undefined,
      next: page.offset + page.items.length < page.total ? pageLink(page.offset + page.limit) : undefined,
    });
  });

  router.get('/directory/:id', async (req, res, next) => {
    const result = await services.registration.get<DirectoryEntry>(`/directory/${encodeURIComponent(req.params.id)}`);
    if (!result.ok) return result.problem.status === 404 ? next() : next(new Error(`profile: ${result.problem.status}`));
    return render(req, res, 'organisation', { organisation: result.body });
  });

  router.get('/calls', async (req, res) => {
    const result = await services.proposals.get<{ items: Call[] }>('/calls');
    if (!result.ok) throw new Error(`calls: ${result.problem.status} ${result.problem.title}`);
    return render(req, res, 'calls', { calls: result.body.items });
  });

  router.get('/calls/:id', async (req, res, next) => {
    const path = `/calls/${encodeURIComponent(req.params.id)}`;
    const [call, clarifications] = await Promise.all([
      services.proposals.get<Call>(path),
      services.proposals.get<{ items: Clarification[] }>(`${path}/clarifications`),
    ]);
    if (!call.ok) return call.problem.status === 404 ? next() : next(new Error(`call: ${call.problem.status}`));
    return render(req, res, 'call', {
      call: call.body,
      counties: call.body.details.targetCounties.map(countyName),
      clarifications: clarifications.ok ? clarifications.body.items.filter((c) => c.answer !== undefined) : [],
    });
  });

  return router;
};
