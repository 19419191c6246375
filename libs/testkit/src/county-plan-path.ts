import { aCountyPlan, aCountyReport, anNctcApproval, aSensitivityReview, thisYear } from './county-plan-builders';
import type { PathResponse } from './proposal-path';

/**
 * The county-plans path of issue 10 (first slice) through HTTP, written once and run on the
 * embedded platform and on the production composition (Kafka, MongoDB wire, Keycloak):
 * Mombasa's plan drafted (refused for another county's officer, and when invalid), amended
 * under If-Match, submitted, returned by the secretariat, endorsed, returned by the NCTC,
 * published; a new version drafted while the published one stays public; then the current
 * quarter's report (a value off track refused without a narrative) up the three levels, returned
 * once by the co-chairs and corrected, published; a report two years late, visible as late;
 * a correction opened as a new revision.
 *
 * Users: `county` (officer of 001), `county2` (officer of 002), `secretariat` and `cochair`
 * (Mombasa's forum), `admin` (NCTC). Expects a store where county 001 has no plan yet.
 */
export interface CountyPlanPathContext {
  request(user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<PathResponse>;
}

const PROBLEM = 'https://csm.go.ke/problems/';
const currentPeriod = () => {
  const now = new Date();
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
};

export const runCountyPlanPath = async (ctx: CountyPlanPathContext): Promise<void> => {
  const { request } = ctx;
  const plan = aCountyPlan();
  const expectCommand = async (response: Promise<PathResponse>, status: number) => {
    const answer = await response;
    expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { streamId: expect.any(String), revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(/^\d+$/), replayed: status === 200 } });
    return answer.body as { streamId: string; revision: string; position: string };
  };
  const expectProblem = async (response: Promise<PathResponse>, status: number, type: string) => {
    const answer = await response;
    expect({ status: answer.status, type: answer.body?.type, contentType: answer.headers.get('content-type') }).toEqual({
      status,
      type: `${PROBLEM}${type}`,
      contentType: expect.stringContaining('application/problem+json'),
    });
    return answer.body;
  };

  // --- The plan ---------------------------------------------------------------------------
  const invalid = await expectProblem(request('county', 'POST', '/county-plans/001/versions', { ...plan, pillars: [{ ...plan.pillars[0], pillarId: 'not-a-pillar' }] }), 400, 'validation');
  expect(invalid.errors).toEqual([{ path: 'pillars.0.pillarId', message: 'not a pillar of nscve-2016 nor one the county added' }]);
  await expectProblem(request('county2', 'POST', '/county-plans/001/versions', plan), 403, 'forbidden');
  await expectProblem(request(undefined, 'POST', '/county-plans/001/versions', plan), 401, 'unauthorized');

  const drafted = await request('county', 'POST', '/county-plans/001/versions', plan, { 'Idempotency-Key': 'mombasa-plan-v1-draft' });
  expect(drafted.status).toBe(201);
  expect(drafted.headers.get('location')).toBe('/county-plans/001/versions/1');
  expect(drafted.body).toEqual({ streamId: 'countyPlan-001', revision: '0', position: expect.any(String), replayed: false });
  const replayed = await request('county', 'POST', '/county-plans/001/versions', plan, { 'Idempotency-Key': 'mombasa-plan-v1-draft' });
  expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 200, body: { ...drafted.body, replayed: true } });

  await expectProblem(request(undefined, 'GET', `/county-plans/001?minPosition=${drafted.body.position}`), 404, 'not-found');
  const draftView = await request('county', 'GET', `/county-plans/001?minPosition=${drafted.body.position}`);
  expect(draftView.status).toBe(200);
  expect(draftView.headers.get('etag')).toBe('"0"');
  expect(draftView.body).toEqual({
    countyCode: '001',
    countyName: 'Mombasa',
    revision: 0,
    versions: [{ version: 1, status: 'draft', plan: { ...plan, pillars: expect.any(Array) }, draftedAt: expect.any(String), returns: [] }],
  });

  const amended = { ...plan, title: 'Mombasa County Action Plan on PCVE, second draft' };
  await expectProblem(request('county', 'PUT', '/county-plans/001/versions/1', amended, { 'If-Match': '"5"' }), 412, 'precondition-failed');
  await expectCommand(request('county', 'PUT', '/county-plans/001/versions/1', amended, { 'If-Match': '"0"' }), 202);
  const submitted = await expectCommand(request('county', 'POST', '/county-plans/001/versions/1/submit', {}), 202);

  const secretariatQueue = await request('secretariat', 'GET', `/review-queue?minPosition=${submitted.position}`);
  expect(secretariatQueue.body.plans).toEqual([{ countyCode: '001', countyName: 'Mombasa', version: 1, level: 'county-secretariat', submittedAt: expect.any(String) }]);
  await expectProblem(request('admin', 'POST', '/county-plans/001/versions/1/nctc-decision', anNctcApproval()), 409, 'county-plan.not-endorsed');
  const noReasons = await expectProblem(request('secretariat', 'POST', '/county-plans/001/versions/1/secretariat-review', { decision: 'return' }), 400, 'validation');
  expect(noReasons.errors).toEqual([{ path: 'reasons', message: 'a returned plan needs its reasons' }]);
  await expectCommand(request('secretariat', 'POST', '/county-plans/001/versions/1/secretariat-review', { decision: 'return', reasons: ['Cost the interfaith forums line by line.'] }), 202);
  await expectCommand(request('county', 'POST', '/county-plans/001/versions/1/submit', {}), 202);
  const endorsed = await expectCommand(request('secretariat', 'POST', '/county-plans/001/versions/1/secretariat-review', { decision: 'endorse' }), 202);
  const nctcQueue = await request('admin', 'GET', `/review-queue?minPosition=${endorsed.position}`);
  expect(nctcQueue.body.plans).toEqual(expect.arrayContaining([{ countyCode: '001', countyName: 'Mombasa', version: 1, level: 'nctc', submittedAt: expect.any(String) }]));
  await expectCommand(request('admin', 'POST', '/county-plans/001/versions/1/nctc-decision', { decision: 'return', reasons: ['Name a lead for the fisheries cooperatives.'] }), 202);
  await expectCommand(request('county', 'POST', '/county-plans/001/versions/1/submit', {}), 202);
  await expectCommand(request('secretariat', 'POST', '/county-plans/001/versions/1/secretariat-review', { decision: 'endorse' }), 202);
  // Publishing needs the sensitivity review: refused without it, or with an item not confirmed, nothing recorded.
  const noReview = await expectProblem(request('admin', 'POST', '/county-plans/001/versions/1/nctc-decision', { decision: 'approve' }), 400, 'validation');
  expect(noReview.errors).toEqual([{ path: 'sensitivityReview', message: 'publishing needs the sensitivity review: confirm every item of its checklist' }]);
  const unconfirmed = await expectProblem(request('admin', 'POST', '/county-plans/001/versions/1/nctc-decision', { decision: 'approve', sensitivityReview: aSensitivityReview({ noStigma: false }) }), 400, 'validation');
  expect(unconfirmed.errors).toEqual([{ path: 'sensitivityReview.noStigma', message: 'confirm that no community, faith or ethnic group is stigmatised' }]);
  const REVIEW_NOTE = 'The fisheries cooperatives work with returnees: marked sensitive.';
  const published = await expectCommand(request('admin', 'POST', '/county-plans/001/versions/1/nctc-decision', { decision: 'approve', sensitivityReview: aSensitivityReview({ note: REVIEW_NOTE }) }), 202);
  // The review is recorded in the approval, with who and when, in the history the NCTC and auditors read.
  for (const reader of ['admin', 'auditor']) {
    const history = await request(reader, 'GET', '/county-plans/001/history');
    expect(history.status).toBe(200);
    expect(history.body.events.find((e: { type: string }) => e.type === 'CountyPlanApproved').data).toEqual({
      countyCode: '001',
      version: 1,
      sensitivityReview: { confirmed: ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'], note: REVIEW_NOTE, reviewedBy: expect.any(String), reviewedAt: expect.any(String) },
    });
  }
  await expectProblem(request('county', 'GET', '/county-plans/001/history'), 403, 'forbidden');

  const publicPlan = await request(undefined, 'GET', `/county-plans/001?minPosition=${published.position}`);
  expect(publicPlan.status).toBe(200);
  expect(publicPlan.body.publishedVersion).toBe(1);
  expect(publicPlan.body.versions).toEqual([
    expect.objectContaining({
      version: 1,
      status: 'published',
      plan: expect.objectContaining({ title: amended.title }),
      returns: [
        { level: 'county-secretariat', reasons: ['Cost the interfaith forums line by line.'], at: expect.any(String) },
        { level: 'nctc', reasons: ['Name a lead for the fisheries cooperatives.'], at: expect.any(String) },
      ],
    }),
  ]);
  expect('pending' in publicPlan.body).toBe(false);
  // Do no harm: the sensitive fisheries action (and its pillar, left empty) is not public.
  const actionIds = (body: any) => body.versions[0].plan.pillars.flatMap((p: any) => p.priorities.flatMap((q: any) => q.actions.map((a: any) => a.id)));
  expect(actionIds(publicPlan.body)).toEqual(['mentorship-likoni', 'imam-pastor-forums']);
  expect(publicPlan.body.versions[0].plan.pillars.map((p: any) => p.pillarId)).toEqual(['psychosocial', 'faith-based-ideological']);
  expect(actionIds((await request('secretariat', 'GET', '/county-plans/001')).body)).toEqual(['mentorship-likoni', 'imam-pastor-forums', 'fisheries-cooperatives']);
  const list = await request(undefined, 'GET', '/county-plans');
  expect(list.body.items).toEqual(
    expect.arrayContaining([{ countyCode: '001', countyName: 'Mombasa', publishedVersion: 1, title: amended.title, taxonomy: 'nscve-2016', timeframe: plan.timeframe, publishedAt: expect.any(String) }]),
  );
  await expectProblem(request('county', 'PUT', '/county-plans/001/versions/1', plan), 409, 'county-plan.version-published');
  const revision = await request('county', 'POST', '/county-plans/001/versions', { ...plan, title: 'Mombasa CAP, 2nd edition' });
  expect({ status: revision.status, location: revision.headers.get('location') }).toEqual({ status: 201, location: '/county-plans/001/versions/2' });
  const stillPublic = await request(undefined, 'GET', `/county-plans/001?minPosition=${revision.body.position}`);
  expect(stillPublic.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'published']]);
  const withDraft = await request('county', 'GET', `/county-plans/001?minPosition=${revision.body.position}`);
  expect(withDraft.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'draft']]);

  // --- The current quarter's report, up three levels, returned once and corrected ---------
  const period = currentPeriod();
  const report = aCountyReport();
  const behind = report.indicators.map((v) => (v.indicatorId === 'youth-mentored' ? { ...v, value: 0 } : v));
  await expectProblem(request('county', 'POST', `/county-reports/001/${period}`, { ...report, indicators: behind }), 422, 'county-report.narrative-required');
  const missingReason = await expectProblem(request('county', 'POST', `/county-reports/001/${period}`, { ...report, actions: [{ actionId: 'mentorship-likoni', status: 'delayed' }, ...report.actions.slice(1)] }), 400, 'validation');
  expect(missingReason.errors).toEqual([{ path: 'actions.0.reason', message: 'a delayed or dropped action needs the reason' }]);
  await expectProblem(request('county2', 'POST', `/county-reports/001/${period}`, report), 403, 'forbidden');
  const reportDrafted = await request('county', 'POST', `/county-reports/001/${period}`, report);
  expect({ status: reportDrafted.status, location: reportDrafted.headers.get('location'), streamId: reportDrafted.body.streamId }).toEqual({
    status: 201,
    location: `/county-reports/001/${period}`,
    streamId: `countyReport-001.${period}`,
  });
  await expectProblem(request(undefined, 'GET', `/county-reports/001/${period}?minPosition=${reportDrafted.body.position}`), 404, 'not-found');
  await expectProblem(request('county', 'POST', `/county-reports/001/${period}`, report), 409, 'county-report.already-exists');
  await expectCommand(request('county', 'POST', `/county-reports/001/${period}/submit`, {}), 202);
  await expectProblem(request('cochair', 'POST', `/county-reports/001/${period}/co-chairs-decision`, { decision: 'approve' }), 409, 'county-report.not-at-level');
  const bySecretariat = await expectCommand(request('secretariat', 'POST', `/county-reports/001/${period}/secretariat-decision`, { decision: 'approve' }), 202);
  const coChairQueue = await request('cochair', 'GET', `/review-queue?minPosition=${bySecretariat.position}`);
  expect(coChairQueue.body).toEqual({ plans: [], reports: [{ countyCode: '001', period, revision: 1, level: 'county-co-chairs', late: false, submittedAt: expect.any(String) }] });
  await expectCommand(request('cochair', 'POST', `/county-reports/001/${period}/co-chairs-decision`, { decision: 'return', reason: 'The forum count disagrees with the minutes.' }), 202);
  const corrected = { ...report, summary: 'Corrected: the interfaith forum met twice.' };
  await expectCommand(request('county', 'PUT', `/county-reports/001/${period}`, corrected), 202);
  await expectCommand(request('county', 'POST', `/county-reports/001/${period}/submit`, {}), 202);
  await expectCommand(request('secretariat', 'POST', `/county-reports/001/${period}/secretariat-decision`, { decision: 'approve' }), 202);
  await expectCommand(request('cochair', 'POST', `/county-reports/001/${period}/co-chairs-decision`, { decision: 'approve' }), 202);
  const noReportReview = await expectProblem(request('admin', 'POST', `/county-reports/001/${period}/nctc-decision`, { decision: 'approve' }), 400, 'validation');
  expect(noReportReview.errors).toEqual([{ path: 'sensitivityReview', message: 'publishing needs the sensitivity review: confirm every item of its checklist' }]);
  const reportPublished = await expectCommand(request('admin', 'POST', `/county-reports/001/${period}/nctc-decision`, anNctcApproval()), 202);
  const reportHistory = await request('admin', 'GET', `/county-reports/001/${period}/history`);
  expect(reportHistory.body.events.find((e: { type: string }) => e.type === 'CountyReportApproved').data.sensitivityReview).toEqual({
    confirmed: ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'],
    reviewedBy: expect.any(String),
    reviewedAt: expect.any(String),
  });

  const publicReport = await request(undefined, 'GET', `/county-reports/001/${period}?minPosition=${reportPublished.position}`);
  expect({ status: publicReport.status, body: publicReport.body }).toEqual({
    status: 200,
    body: {
      countyCode: '001',
      period,
      dueOn: expect.any(String),
      late: false,
      revision: 1,
      planVersion: 1,
      // The public report leaves out the sensitive action and its indicator.
      report: {
        ...corrected,
        actions: corrected.actions.filter((a) => a.actionId !== 'fisheries-cooperatives'),
        indicators: corrected.indicators.filter((i) => i.indicatorId !== 'cooperative-members'),
      },
      publishedAt: expect.any(String),
    },
  });
  const staffReport = await request('secretariat', 'GET', `/county-reports/001/${period}`);
  expect(staffReport.body).toMatchObject({
    report: corrected,
    status: 'published',
    revision: 1,
    late: false,
    returns: [{ level: 'county-co-chairs', reason: 'The forum count disagrees with the minutes.', revision: 1, at: expect.any(String) }],
  });

  // --- A report two years late, and a correction by revision --------------------------------
  const latePeriod = `${thisYear() - 2}-Q4`;
  await expectCommand(request('county', 'POST', `/county-reports/001/${latePeriod}`, report), 201);
  const lateSubmitted = await expectCommand(request('county', 'POST', `/county-reports/001/${latePeriod}/submit`, {}), 202);
  const lateView = await request('county', 'GET', `/county-reports/001/${latePeriod}?minPosition=${lateSubmitted.position}`);
  expect(lateView.body).toMatchObject({ status: 'submitted', level: 'county-secretariat', late: true, dueOn: `${thisYear() - 1}-01-30` });
  const staffList = await request('county', 'GET', '/county-reports/001');
  expect(staffList.body.items.map((r: { period: string; late: boolean }) => [r.period, r.late])).toEqual([
    [latePeriod, true],
    [period, false],
  ]);
  expect(staffList.body.overdue.map((o: { period: string }) => o.period)).not.toContain(latePeriod);
  const publicList = await request(undefined, 'GET', '/county-reports/001');
  expect(publicList.body.items.map((r: { period: string }) => r.period)).toEqual([period]);
  expect(publicList.body.overdue).toEqual(expect.arrayContaining([{ period: latePeriod, dueOn: `${thisYear() - 1}-01-30` }]));

  await expectProblem(request('county', 'PUT', `/county-reports/001/${period}`, report), 409, 'county-report.not-draft');
  const reopened = await expectCommand(request('county', 'POST', `/county-reports/001/${period}/revisions`, { reason: 'The mentorship count double-counted one ward.' }), 202);
  const revised = await request('county', 'GET', `/county-reports/001/${period}?minPosition=${reopened.position}`);
  expect(revised.body).toMatchObject({ status: 'draft', revision: 2, published: { revision: 1 } });
  const publicStill = await request(undefined, 'GET', `/county-reports/001/${period}`);
  expect(publicStill.body).toMatchObject({ revision: 1, report: { summary: corrected.summary } });
};
