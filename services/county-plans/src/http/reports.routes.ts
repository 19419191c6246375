import type { Request } from 'express';
import { z } from 'zod';
import { handleCommand } from '@csm/eventing';
import {
  CountyReportContent,
  CountyReportList,
  CountyReportRead,
  countyReportKey,
  countyReportStreamId,
  NoBody,
  OpenReportRevisionBody,
  periodOf,
  periodsBetween,
  PublishedReportRead,
  reportDueOn,
  ReportLevelDecisionBody,
  ReportNctcDecisionBody,
  sensitiveIds,
  type ReportLevel,
} from '@csm/contracts';
import { commandAccepted, commandMetadata, etag, ifMatchRevision, route, sendCommandResult, serviceNow, streamHistory, StreamHistoryBody, waitForPosition, type RouteSpec } from '@csm/http';
import { countyReportDecider } from '../domain/county-report.decider';
import type { CountyReportCommand } from '../domain/county-report';
import { COUNTY_PLANS, type CountyPlanView } from '../projections/county-plans.projection';
import { COUNTY_REPORTS, type CountyReportView } from '../projections/county-reports.projection';
import { AUDITOR, CO_CHAIR, countyOf, HIDDEN, NCTC, notFound, OFFICER, periodOfPath, publishedPlanOf, ReadQuery, SECRETARIAT, seesWorkInProgress } from './county-access';
import type { CountyPlansDeps } from './plans.routes';

const today = (req: Request) => serviceNow(req).toISOString().slice(0, 10);

/** Late: submitted after the due date, or still not submitted once it has passed. */
export const lateness = (view: Pick<CountyReportView, 'submittedLate' | 'dueOn'>, day: string): boolean => view.submittedLate ?? day > view.dueOn;

const staffRead = (view: CountyReportView, day: string) => {
  const { _id: _key, _applied: _tracked, submittedLate: _submittedLate, ...rest } = view;
  return { ...rest, late: lateness(view, day) };
};

/** The published revision, without what concerns the plan's sensitive actions (do no harm). */
const publicRead = (view: CountyReportView, day: string, plan: CountyPlanView | null) => {
  const published = view.published!;
  const version = plan?.versions.find((v) => v.version === published.planVersion);
  // Without the plan version nothing can be told apart: publish no action or indicator at all.
  const hidden = version ? sensitiveIds(version.plan) : undefined;
  return {
    countyCode: view.countyCode,
    period: view.period,
    dueOn: view.dueOn,
    late: lateness(view, day),
    revision: published.revision,
    planVersion: published.planVersion,
    report: {
      ...published.report,
      actions: hidden ? published.report.actions.filter((a) => !hidden.actions.has(a.actionId)) : [],
      indicators: hidden ? published.report.indicators.filter((i) => !hidden.indicators.has(i.indicatorId)) : [],
    },
    publishedAt: published.publishedAt,
  };
};

const LEVEL_ROUTES: { path: string; level: ReportLevel; access: readonly { role: string; ownCounty?: string }[]; who: string }[] = [
  { path: 'secretariat-decision', level: 'county-secretariat', access: [SECRETARIAT], who: 'The county secretariat' },
  { path: 'co-chairs-decision', level: 'county-co-chairs', access: [CO_CHAIR], who: 'The county co-chairs' },
  { path: 'nctc-decision', level: 'nctc', access: [NCTC], who: 'The NCTC' },
];

/** Quarterly progress reports, read top to bottom: draft → submit → three approval levels → published; corrections by revision. */
export const reportsRoutes = (deps: CountyPlansDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;
  const reports = () => readModels.collection<CountyReportView>(COUNTY_REPORTS);
  const dispatch = async (req: Request, build: (countyCode: CountyReportCommand['data']['countyCode'], period: string) => Omit<CountyReportCommand, 'metadata'> | Promise<Omit<CountyReportCommand, 'metadata'>>) => {
    const countyCode = countyOf(req);
    const period = periodOfPath(req);
    const command = { ...(await build(countyCode, period)), metadata: commandMetadata(req) } as CountyReportCommand;
    return handleCommand(store, countyReportDecider, countyReportStreamId(countyCode, period), command, { ifMatchRevision: ifMatchRevision(req) });
  };
  const reportPath = '/county-reports/:code/:period';
  const planOf = (countyCode: string) => readModels.collection<CountyPlanView>(COUNTY_PLANS).findOne({ _id: countyCode }, { projection: HIDDEN });

  return [
    route({
      method: 'get',
      path: '/county-reports/:code',
      summary: 'A county’s reports, with the quarters overdue (published reports for the public; all for the county, the NCTC and auditors)',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'Reports by period, and the quarters whose due date passed with no report', body: CountyReportList },
      responses: { 404: 'No such county' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const countyCode = countyOf(req);
        const day = today(req);
        const staff = seesWorkInProgress(req, countyCode);
        const found = await reports().find({ countyCode }, { sort: { period: 1 }, projection: HIDDEN });
        const visible = staff ? found : found.filter((r) => r.published !== undefined);
        const plan = await planOf(countyCode);
        const published = plan?.versions.find((v) => v.version === plan.publishedVersion);
        const reported = new Set(visible.map((r) => r.period));
        const overdue = published
          ? periodsBetween(published.plan.timeframe.from, published.plan.timeframe.to)
              .filter((period) => period <= periodOf(serviceNow(req).toISOString()) && reportDueOn(period) < day && !reported.has(period))
              .map((period) => ({ period, dueOn: reportDueOn(period) }))
          : [];
        res.json({ items: visible.map((r) => (staff ? staffRead(r, day) : publicRead(r, day, plan))), overdue });
      },
    }),
    route({
      method: 'get',
      path: reportPath,
      summary: 'One report: its published revision for the public; its current state for the county, the NCTC and auditors',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The report (ETag: its stream revision)', body: z.union([CountyReportRead, PublishedReportRead]) },
      responses: { 404: 'No such report, or none the caller may see' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const countyCode = countyOf(req);
        const view = await reports().findOne({ _id: countyReportKey(countyCode, periodOfPath(req)) }, { projection: HIDDEN });
        const staff = seesWorkInProgress(req, countyCode);
        if (!view || (!staff && !view.published)) throw notFound('No such report');
        res.set('ETag', etag(BigInt(view.streamRevision))).json(staff ? staffRead(view, today(req)) : publicRead(view, today(req), await planOf(countyCode)));
      },
    }),
    route({
      method: 'post',
      path: reportPath,
      summary: 'Draft the county’s report for a quarter, against its published plan (its county officers)',
      access: [OFFICER],
      body: CountyReportContent,
      success: commandAccepted(201, 'Drafted'),
      responses: { 404: 'No such county or period', 409: 'Already reported, or no published plan', 422: 'Not consistent with the plan, or the quarter has not started' },
      handler: async ({ req, res, body }) => {
        const result = await dispatch(req, async (countyCode, period) => {
          const publishedPlan = await publishedPlanOf(store, countyCode);
          return { type: 'DraftCountyReport', data: { countyCode, period, report: body, ...(publishedPlan ? { publishedPlan } : {}) } };
        });
        res.location(`/county-reports/${countyOf(req)}/${periodOfPath(req)}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path: reportPath,
      summary: 'Amend a draft or returned report',
      access: [OFFICER],
      body: CountyReportContent,
      success: commandAccepted(202, 'Accepted'),
      responses: { 404: 'No such report', 409: 'Not a draft', 422: 'Not consistent with the plan' },
      handler: async ({ req, res, body }) => {
        const result = await dispatch(req, async (countyCode, period) => {
          const publishedPlan = await publishedPlanOf(store, countyCode);
          return { type: 'AmendCountyReportDraft', data: { countyCode, period, report: body, ...(publishedPlan ? { publishedPlan } : {}) } };
        });
        sendCommandResult(res, 202, result);
      },
    }),
    route({
      method: 'post',
      path: `${reportPath}/submit`,
      summary: 'Submit a report to the county secretariat (late when past its due date)',
      access: [OFFICER],
      body: NoBody,
      success: commandAccepted(202, 'Submitted'),
      responses: { 404: 'No such report', 409: 'Not a draft' },
      handler: async ({ req, res }) => sendCommandResult(res, 202, await dispatch(req, (countyCode, period) => ({ type: 'SubmitCountyReport', data: { countyCode, period } }))),
    }),
    ...LEVEL_ROUTES.map(({ path, level, access, who }) =>
      route({
        method: 'post',
        path: `${reportPath}/${path}`,
        summary: `${who} approve${who.endsWith('s') ? '' : 's'} the report (to the next level${level === 'nctc' ? '; the NCTC’s approval publishes it' : ''}) or return${who.endsWith('s') ? '' : 's'} it with a reason`,
        access,
        // The NCTC's approval publishes the report: its body carries the sensitivity review.
        body: level === 'nctc' ? ReportNctcDecisionBody : ReportLevelDecisionBody,
        success: commandAccepted(202, 'Decided'),
        responses: { 404: 'No such report', 409: 'Not submitted, or waiting for another level' },
        handler: async ({ req, res, body }) =>
          sendCommandResult(
            res,
            202,
            await dispatch(req, (countyCode, period) => ({
              type: 'DecideCountyReportAtLevel',
              data: { countyCode, period, level, decision: body.decision, ...(body.reason ? { reason: body.reason } : {}), ...('sensitivityReview' in body && body.sensitivityReview ? { sensitivityReview: body.sensitivityReview } : {}) },
            })),
          ),
      }),
    ),
    route({
      method: 'post',
      path: `${reportPath}/revisions`,
      summary: 'Open a revision of a published report to correct it, with the reason (the published one stays until the revision is published)',
      access: [OFFICER],
      body: OpenReportRevisionBody,
      success: commandAccepted(202, 'Revision opened'),
      responses: { 404: 'No such report', 409: 'Not published' },
      handler: async ({ req, res, body }) =>
        sendCommandResult(res, 202, await dispatch(req, (countyCode, period) => ({ type: 'OpenCountyReportRevision', data: { countyCode, period, reason: body.reason } }))),
    }),
    route({
      method: 'get',
      path: `${reportPath}/history`,
      summary: 'Every decision on the report, hash-chained, with the chain’s verdict with the sensitivity review recorded at publication (the NCTC and auditors)',
      access: [NCTC, AUDITOR],
      success: { status: 200, description: 'Every event of the report with the hash chain’s verdict', body: StreamHistoryBody },
      responses: { 404: 'No such report' },
      handler: async ({ req, res }) => {
        const history = await streamHistory(store, countyReportStreamId(countyOf(req), periodOfPath(req)));
        if (!history) throw notFound('No such report');
        res.json(history);
      },
    }),
  ];
};
