import type { Request } from 'express';
import { z } from 'zod';
import { CountyCodeSchema, countyPlanStreamId, Period, type CountyCode, type CountyPlanEvent } from '@csm/contracts';
import type { EventStore } from '@csm/eventing';
import { HttpProblem, MinPosition, problemType } from '@csm/http';
import { countyPlanDecider } from '../domain/county-plan.decider';
import type { PublishedPlanFacts } from '../domain/county-report';
import type { CountyPlan } from '../domain/county-plan';

/** Who may do what, by role and county (`ownCounty`: the token's county_code is the path's `:code`). */
export const NCTC = { role: 'nctc-admin' } as const;
export const AUDITOR = { role: 'auditor' } as const;
export const OFFICER = { role: 'county-officer', ownCounty: 'code' } as const;
export const SECRETARIAT = { role: 'county-secretariat', ownCounty: 'code' } as const;
export const CO_CHAIR = { role: 'county-co-chair', ownCounty: 'code' } as const;

export const ReadQuery = z.object({ minPosition: MinPosition });
export const HIDDEN = { _applied: 0 } as const;

export const notFound = (title: string) => new HttpProblem({ type: problemType('not-found'), title, status: 404 });

export const countyOf = (req: Request): CountyCode => {
  const parsed = CountyCodeSchema.safeParse(req.params.code);
  if (!parsed.success) throw notFound('No such county (codes 001 to 047)');
  return parsed.data;
};

export const periodOfPath = (req: Request): string => {
  const parsed = Period.safeParse(req.params.period);
  if (!parsed.success) throw notFound('No such period (a quarter: YYYY-Qn)');
  return parsed.data;
};

export const versionOf = (req: Request): number => {
  const parsed = z.coerce.number().int().min(1).max(1_000_000).safeParse(req.params.version);
  if (!parsed.success) throw notFound('No such version');
  return parsed.data;
};

/**
 * Sees the county's work in progress (drafts, returns, approval levels): the NCTC, auditors, and
 * the county's own officers, secretariat and co-chairs. Everyone else sees what is published.
 */
export const seesWorkInProgress = (req: Request, countyCode: string): boolean => {
  const principal = req.principal;
  if (!principal) return false;
  if (principal.roles.includes('nctc-admin') || principal.roles.includes('auditor')) return true;
  const countyRole = ['county-officer', 'county-secretariat', 'county-co-chair'].some((role) => principal.roles.includes(role));
  return countyRole && principal.countyCode === countyCode;
};

/** The county's plan as its events say now (not a read model that may lag): what reports are checked against. */
export const publishedPlanOf = async (store: EventStore, countyCode: string): Promise<PublishedPlanFacts | undefined> => {
  const events = await store.readStream(countyPlanStreamId(countyCode));
  const state: CountyPlan = events.reduce((s, e) => countyPlanDecider.evolve(s, { type: e.type, version: e.version, data: e.data } as CountyPlanEvent), countyPlanDecider.initialState());
  if (state.published === undefined) return undefined;
  return { version: state.published, plan: state.versions.get(state.published)!.plan };
};
