import type { Request } from 'express';
import type { z } from 'zod';
import { handleCommand, type EventStore, type ProjectionProgress } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { CountyPlanDraftContent, CountyPlanList, CountyPlanRead, countyPlanStreamId, NoBody, PlanDecisionBody, PlanReviewBody, PlanVersionRead, withoutSensitiveActions } from '@csm/contracts';
import { commandAccepted, commandMetadata, etag, ifMatchRevision, route, sendCommandResult, streamHistory, StreamHistoryBody, waitForPosition, type RouteSpec } from '@csm/http';
import { countyPlanDecider } from '../domain/county-plan.decider';
import type { CountyPlanCommand } from '../domain/county-plan';
import { COUNTY_PLANS, type CountyPlanView, type PlanVersionView } from '../projections/county-plans.projection';
import { AUDITOR, countyOf, HIDDEN, NCTC, notFound, OFFICER, ReadQuery, SECRETARIAT, seesWorkInProgress, versionOf } from './county-access';

export interface CountyPlansDeps {
  store: EventStore;
  readModels: ReadModels;
  /** How far the projections behind the reads have got, for read-your-writes. */
  projections: ProjectionProgress;
}

const isPublic = (v: PlanVersionView) => v.status === 'published' || v.status === 'superseded';

/** County Action Plans, read top to bottom: draft → submit → secretariat review → NCTC decision (publication). */
export const plansRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;
  const plans = () => readModels.collection<CountyPlanView>(COUNTY_PLANS);
  const dispatch = (req: Request, build: (countyCode: CountyPlanCommand['data']['countyCode']) => Omit<CountyPlanCommand, 'metadata'>) => {
    const countyCode = countyOf(req);
    const command = { ...build(countyCode), metadata: commandMetadata(req) } as CountyPlanCommand;
    return handleCommand(store, countyPlanDecider, countyPlanStreamId(countyCode), command, { ifMatchRevision: ifMatchRevision(req) });
  };
  const versionCommand = (path: string, summary: string, access: readonly { role: string; ownCounty?: string }[], body: z.ZodType<any>, build: (version: number, body: any) => Record<string, unknown>, type: CountyPlanCommand['type'], responses: Record<number, string>) =>
    route({
      method: 'post',
      path: `/county-plans/:code/versions/:version/${path}`,
      summary,
      access,
      body,
      success: commandAccepted(202, 'Accepted'),
      responses: { 404: 'No such county or version', ...responses },
      handler: async ({ req, res, body: parsed }) => {
        const version = versionOf(req);
        sendCommandResult(res, 202, await dispatch(req, (countyCode) => ({ type, data: { countyCode, version, ...build(version, parsed) } }) as Omit<CountyPlanCommand, 'metadata'>));
      },
    });
  /** The county's plan as the caller may see it: every version for its people, published ones without sensitive actions for everyone else. */
  const visiblePlan = async (req: Request): Promise<CountyPlanView> => {
    const countyCode = countyOf(req);
    const plan = await plans().findOne({ _id: countyCode }, { projection: HIDDEN });
    if (!plan) throw notFound('This county has no plan yet');
    if (seesWorkInProgress(req, countyCode)) return plan;
    // The public never reads sensitive actions (do no harm): they are left out of every version it sees.
    const versions = plan.versions.filter(isPublic).map((v) => ({ ...v, plan: withoutSensitiveActions(v.plan) }));
    if (versions.length === 0) throw notFound('This county has no published plan yet');
    const { pending: _pending, ...published } = plan;
    return { ...published, versions };
  };
  const asRead = ({ _id: _key, ...plan }: CountyPlanView) => plan;

  return [
    route({
      method: 'get',
      path: '/county-plans',
      summary: 'The published plan of every county that has one',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'One summary per county with a published plan, by county code', body: CountyPlanList },
      handler: async ({ res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const found = await plans().find({ publishedVersion: { $exists: true } }, { sort: { _id: 1 }, projection: HIDDEN });
        res.json({
          items: found.map((plan) => {
            const published = plan.versions.find((v) => v.version === plan.publishedVersion)!;
            return {
              countyCode: plan.countyCode,
              countyName: plan.countyName,
              publishedVersion: published.version,
              title: published.plan.title,
              taxonomy: published.plan.taxonomy,
              timeframe: published.plan.timeframe,
              publishedAt: published.publishedAt!,
            };
          }),
        });
      },
    }),
    route({
      method: 'get',
      path: '/county-plans/:code',
      summary: 'A county’s plan and its versions (published ones for the public; all for the county, the NCTC and auditors)',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The plan (ETag: its stream revision)', body: CountyPlanRead },
      responses: { 404: 'No such county, or no plan the caller may see' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const plan = await visiblePlan(req);
        res.set('ETag', etag(BigInt(plan.revision))).json(asRead(plan));
      },
    }),
    route({
      method: 'get',
      path: '/county-plans/:code/versions/:version',
      summary: 'One version of a county’s plan',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The version', body: PlanVersionRead },
      responses: { 404: 'No such county or version, or not one the caller may see' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const version = versionOf(req);
        const found = (await visiblePlan(req)).versions.find((v) => v.version === version);
        if (!found) throw notFound('No such version');
        res.json(found);
      },
    }),
    route({
      method: 'post',
      path: '/county-plans/:code/versions',
      summary: 'Draft the next version of the county’s plan (its county officers)',
      access: [OFFICER],
      body: CountyPlanDraftContent,
      success: commandAccepted(201, 'Drafted'),
      responses: { 404: 'No such county', 409: 'A version is being worked on' },
      handler: async ({ req, res, body }) => {
        const countyCode = countyOf(req);
        const result = await dispatch(req, () => ({ type: 'DraftCountyPlan', data: { countyCode, plan: body } }));
        const drafted = (await store.readStream(result.streamId)).find((e) => e.streamRevision === result.revision);
        res.location(`/county-plans/${countyCode}/versions/${(drafted?.data as { version: number } | undefined)?.version ?? ''}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path: '/county-plans/:code/versions/:version',
      summary: 'Amend a draft or returned version (a published one is never edited)',
      access: [OFFICER],
      body: CountyPlanDraftContent,
      success: commandAccepted(202, 'Accepted'),
      responses: { 404: 'No such county or version', 409: 'Not a draft: submitted, or published' },
      handler: async ({ req, res, body }) => {
        const version = versionOf(req);
        sendCommandResult(res, 202, await dispatch(req, (countyCode) => ({ type: 'AmendCountyPlanDraft', data: { countyCode, version, plan: body } })));
      },
    }),
    versionCommand('submit', 'Submit a version to the county secretariat', [OFFICER], NoBody, () => ({}), 'SubmitCountyPlan', { 409: 'Not a draft', 422: 'The plan is not complete (a pillar without priorities, a priority without actions, an action without indicators)' }),
    versionCommand(
      'secretariat-review',
      'The county secretariat endorses a submitted version (to the NCTC) or returns it with reasons',
      [SECRETARIAT],
      PlanReviewBody,
      (_version, body) => ({ decision: body.decision, ...(body.reasons ? { reasons: body.reasons } : {}) }),
      'ReviewCountyPlan',
      { 409: 'Not submitted' },
    ),
    versionCommand(
      'nctc-decision',
      'The NCTC approves and publishes an endorsed version, with its sensitivity review, or returns it with reasons',
      [NCTC],
      PlanDecisionBody,
      (_version, body) => ({ decision: body.decision, ...(body.reasons ? { reasons: body.reasons } : {}), ...(body.sensitivityReview ? { sensitivityReview: body.sensitivityReview } : {}) }),
      'DecideCountyPlan',
      { 409: 'Not endorsed by the county secretariat' },
    ),
    route({
      method: 'get',
      path: '/county-plans/:code/history',
      summary: 'Every decision on the county’s plan, hash-chained, with the chain’s verdict with the sensitivity review recorded at publication (the NCTC and auditors)',
      access: [NCTC, AUDITOR],
      success: { status: 200, description: 'Every event of the plan with the hash chain’s verdict', body: StreamHistoryBody },
      responses: { 404: 'No such county, or no plan yet' },
      handler: async ({ req, res }) => {
        const history = await streamHistory(store, countyPlanStreamId(countyOf(req)));
        if (!history) throw notFound('This county has no plan yet');
        res.json(history);
      },
    }),
  ];
};
