import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, aFullProposal, anOrganizationProfile, inDays } from '@csm/testkit';
import { exposedRoutes, readMatrix } from './support/readme-matrix';

jest.setTimeout(180_000);

/**
 * The proposals authorisation matrix is the table in services/proposals/README.md: this test
 * reads it and sends every request in it, as every persona, with the exact status of each cell.
 * Refused requests go to a proposal that has reached assessment (so panel membership is really
 * checked); each allowed write gets a fresh call or proposal brought to the stage it needs, so a
 * 400, 404 or 409 never passes for "allowed".
 */
const README = join(__dirname, '../../proposals/README.md');
const matrix = readMatrix(README);
const PROBLEM = 'https://csm.go.ke/problems/';
const DEMO: Record<string, string | undefined> = {
  admin: 'admin',
  panel: 'reviewer',
  'not panel': 'reviewer2',
  'own org': 'partner',
  'other org': 'partner3',
  donor: 'donor',
  auditor: 'auditor',
  county: 'county',
  anonymous: undefined,
};
const PERSONAS = ['admin', 'panel', 'not panel', 'own org', 'other org', 'not a member', 'donor', 'other donor', 'auditor', 'county', 'anonymous'];
/** Cells that expect a refusal by a rule rather than by the access check, and the rule's problem type. */
const RULE_REFUSALS: Record<string, string> = { 'POST /proposals/:ref/:orgId/decision as other donor': 'proposal.decision-not-addressed' };
const GCERF = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' };
const NOTE = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 12 };
const SOLUTION = { title: 'Mentors plus', description: 'Mentorship for young people returning from armed groups, with their families and teachers.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
const SCORES = { scores: [{ criterionId: 'relevance', score: 5, comment: 'Adequate' }, { criterionId: 'feasibility', score: 6, comment: 'Adequate' }] };
const LEGAL = { items: ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' })) };
/** Valid bodies, so a refusal is decided by access (or the panel), never by validation. */
const BODIES: Record<string, unknown> = {
  'PUT /calls/:id': aCallDetails(),
  'POST /calls/:id/cancel': { reason: 'The budget line was withdrawn' },
  'POST /calls/:id/clarifications': { question: 'May a faith-based group lead a consortium?' },
  'POST /calls/:id/clarifications/:questionId/answer': { answer: 'Yes, with one lead applicant.' },
  'POST /calls/:id/concept-notes': NOTE,
  'PUT /calls/:id/concept-notes/:orgId': { ...NOTE, durationMonths: 18 },
  'POST /calls/:id/concept-notes/:orgId/decline': { reason: 'Outside the call’s priorities' },
  'POST /proposals/:ref/:orgId/full-proposal': aFullProposal(),
  'PUT /proposals/:ref/:orgId/full-proposal': aFullProposal({ durationMonths: 12 }),
  'POST /proposals/:ref/:orgId/conflict-declaration': { conflict: false },
  'PUT /proposals/:ref/:orgId/score-sheet': SCORES,
  'POST /proposals/:ref/:orgId/score-sheet/lock': SCORES,
  'POST /proposals/:ref/:orgId/legal-ethical-check': LEGAL,
  'POST /proposals/:ref/:orgId/recommendation': { outcome: 'recommend', body: GCERF, rationale: 'Highest weighted score; low risk; well costed.' },
  'POST /proposals/:ref/:orgId/decision': { decision: 'approved', amount: 3_500_000, note: 'Approved by the Independent Review Panel' },
  'POST /proposals/:ref/:orgId/offer-response': { response: 'accept' },
  'POST /proposals/:ref/:orgId/feedback': { feedback: 'Thank you; the reasons are in the letter.' },
  'POST /proposals/:ref/:orgId/appeal': { grounds: 'We believe the panel misread our safeguarding plan.' },
  'POST /proposals/:ref/:orgId/appeal-decision': { outcome: 'dismissed', reason: 'The plan was read as submitted.' },
};

let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();
let fixtures = 0;

/** The services' clock, and a time `days` after it (fresh calls are timed from it). */
const serviceAt = (days: number) => new Date(Date.now() + clockOffsetMs + days * 86_400_000).toISOString();
const advanceDays = (days: number) => {
  clockOffsetMs += days * 86_400_000;
};
const api = (token: string | undefined, method: string, path: string, body?: unknown) =>
  callApi(platform.urls.proposals, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
/** A fixture step that must succeed; the next step reads what it wrote. */
const step = async (user: string, method: string, path: string, body: unknown, status: number) => {
  const response = await api(tokens.get(user), method, path, body);
  if (response.status !== status) throw new Error(`fixture ${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  if (response.body?.position) await platform.caughtUp(BigInt(response.body.position));
  return response;
};

type Stage =
  | 'call-draft'
  | 'call-published'
  | 'call-closed'
  | 'concept-submitted'
  | 'concept-closed'
  | 'declined'
  | 'declined-with-feedback'
  | 'declined-appealed'
  | 'shortlisted'
  | 'full-submitted'
  | 'screenable'
  | 'eligible'
  | 'declared'
  | 'assessed'
  | 'recommended'
  | 'approved';
const ORDER: Stage[] = ['call-draft', 'call-published', 'concept-submitted', 'concept-closed', 'shortlisted', 'full-submitted', 'screenable', 'eligible', 'declared', 'assessed', 'recommended', 'approved'];
const DECLINED: Stage[] = ['declined', 'declined-with-feedback', 'declined-appealed'];

/** A fresh call (panel: `reviewer`) with amani-youth's proposal brought to `stage`. */
const aProposalAt = async (stage: Stage): Promise<{ id: string; ref: string }> => {
  const callId = `matrix-${++fixtures}`;
  const amani = `/proposals/${callId}/amani-youth`;
  const reached = (s: Stage) => (DECLINED.includes(stage) ? ORDER.indexOf(s) <= ORDER.indexOf('concept-closed') : ORDER.indexOf(s) <= ORDER.indexOf(stage));
  const details = aCallDetails({ timeline: { clarificationDeadline: serviceAt(10), submissionDeadline: serviceAt(20), resultsDate: serviceAt(60).slice(0, 10) } });
  await step('admin', 'POST', '/calls', { callId, details }, 201);
  if (stage !== 'call-draft') await step('admin', 'POST', `/calls/${callId}/publish`, {}, 202);
  if (reached('concept-submitted') && stage !== 'call-published') await step('partner', 'POST', `/calls/${callId}/concept-notes`, NOTE, 201);
  if (stage === 'call-closed' || reached('concept-closed')) {
    advanceDays(21);
    await step('admin', 'POST', `/calls/${callId}/close`, {}, 202);
  }
  if (DECLINED.includes(stage)) {
    await step('admin', 'POST', `/calls/${callId}/concept-notes/amani-youth/decline`, { reason: 'Outside the call’s priorities' }, 202);
    if (stage !== 'declined') await step('admin', 'POST', `${amani}/feedback`, BODIES['POST /proposals/:ref/:orgId/feedback'], 202);
    if (stage === 'declined-appealed') await step('partner', 'POST', `${amani}/appeal`, BODIES['POST /proposals/:ref/:orgId/appeal'], 202);
    return { id: callId, ref: callId };
  }
  if (reached('shortlisted')) await step('admin', 'POST', `/calls/${callId}/concept-notes/amani-youth/shortlist`, { fullProposalDeadline: serviceAt(5) }, 202);
  if (reached('full-submitted')) await step('partner', 'POST', `${amani}/full-proposal`, aFullProposal(), 201);
  if (reached('screenable')) advanceDays(6);
  if (reached('eligible')) await step('admin', 'POST', `${amani}/screening`, {}, 202);
  if (reached('declared')) await step('reviewer', 'POST', `${amani}/conflict-declaration`, { conflict: false }, 202);
  if (reached('assessed')) {
    await step('reviewer', 'POST', `${amani}/score-sheet/lock`, SCORES, 202);
    await step('admin', 'POST', `${amani}/legal-ethical-check`, LEGAL, 202);
  }
  if (reached('recommended')) await step('admin', 'POST', `${amani}/recommendation`, BODIES['POST /proposals/:ref/:orgId/recommendation'], 202);
  if (reached('approved')) await step('donor', 'POST', `${amani}/decision`, BODIES['POST /proposals/:ref/:orgId/decision'], 202);
  return { id: callId, ref: callId };
};

interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
}
const at = (stage: Stage) => async (): Promise<Prepared> => ({ params: await aProposalAt(stage) });
/** What each allowed request needs; reads use the shared proposal. */
const PREPARE: Record<string, () => Promise<Prepared>> = {
  'POST /calls': async () => ({ body: { callId: `matrix-new-${++fixtures}`, details: aCallDetails() } }),
  'PUT /calls/:id': at('call-draft'),
  'POST /calls/:id/publish': at('call-draft'),
  'POST /calls/:id/close': async () => {
    const params = await aProposalAt('call-published');
    advanceDays(21);
    return { params };
  },
  'POST /calls/:id/finalise': at('call-closed'),
  'POST /calls/:id/cancel': at('call-draft'),
  'POST /calls/:id/clarifications': at('call-published'),
  'POST /calls/:id/clarifications/:questionId/answer': async () => {
    const params = await aProposalAt('call-published');
    await step('partner', 'POST', `/calls/${params.id}/clarifications`, BODIES['POST /calls/:id/clarifications'], 202);
    const queue = await step('admin', 'GET', `/calls/${params.id}/clarifications`, undefined, 200);
    return { params: { ...params, questionId: queue.body.items[0].questionId } };
  },
  'POST /calls/:id/concept-notes': at('call-published'),
  'PUT /calls/:id/concept-notes/:orgId': at('concept-submitted'),
  'POST /calls/:id/concept-notes/:orgId/shortlist': async () => ({ params: await aProposalAt('concept-closed'), body: { fullProposalDeadline: serviceAt(5) } }),
  'POST /calls/:id/concept-notes/:orgId/decline': at('concept-closed'),
  'POST /proposals/:ref/:orgId/full-proposal': at('shortlisted'),
  'PUT /proposals/:ref/:orgId/full-proposal': at('full-submitted'),
  'POST /proposals/:ref/:orgId/information-requests': async () => ({
    params: await aProposalAt('full-submitted'),
    body: { message: 'Please detail the mentor vetting.', until: serviceAt(10) },
  }),
  'POST /proposals/:ref/:orgId/screening': at('screenable'),
  'POST /proposals/:ref/:orgId/conflict-declaration': at('eligible'),
  'PUT /proposals/:ref/:orgId/score-sheet': at('declared'),
  'POST /proposals/:ref/:orgId/score-sheet/lock': at('declared'),
  'POST /proposals/:ref/:orgId/legal-ethical-check': at('declared'),
  'POST /proposals/:ref/:orgId/recommendation': at('assessed'),
  'POST /proposals/:ref/:orgId/decision': at('recommended'),
  'POST /proposals/:ref/:orgId/offer-response': at('approved'),
  'POST /proposals/:ref/:orgId/feedback': at('declined'),
  'POST /proposals/:ref/:orgId/appeal': at('declined-with-feedback'),
  'POST /proposals/:ref/:orgId/appeal-decision': at('declined-appealed'),
  'POST /solutions': async () => ({ body: { solutionId: `matrix-solution-${++fixtures}`, solution: SOLUTION } }),
  'POST /solutions/:orgId/:solutionId/convert': async () => {
    const solutionId = `matrix-solution-${++fixtures}`;
    await step('partner', 'POST', '/solutions', { solutionId, solution: SOLUTION }, 201);
    return { params: { solutionId }, body: { justification: 'Fills a gap in returnee support in Mombasa.', fullProposalDeadline: serviceAt(5), reviewers: ['reviewer'] } };
  },
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposals-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
  for (const user of Object.values(DEMO)) if (user) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  tokens.set('not a member', await platform.signPartnerToken('amani-youth', 'stranger'));
  tokens.set('other donor', await platform.signUserToken({ username: 'other-donor', roles: ['donor'], organizationId: 'other-fund' }));
  const registration = async (user: string, method: string, path: string, body: unknown, status: number) => {
    const response = await callApi(platform.urls.registration, method, path, { token: tokens.get(user)!, body });
    expect(response.status).toBe(status);
    await platform.caughtUp(BigInt(response.body.position));
  };
  for (const [user, org] of [['partner', 'amani-youth'], ['partner3', 'kisumu-dialogue']] as const) {
    await registration(user, 'POST', '/organizations', anOrganizationProfile(), 201);
    await registration(user, 'POST', `/organizations/${org}/submit`, {}, 202);
    await registration('admin', 'POST', `/organizations/${org}/verify`, {}, 202);
  }
  await step('admin', 'POST', '/calls', { callId: 'matrix-call', details: aCallDetails() }, 201);
  await step('admin', 'POST', '/calls/matrix-call/publish', {}, 202);
  await step('partner', 'POST', '/calls/matrix-call/concept-notes', NOTE, 201);
  await step('partner', 'POST', '/solutions', { solutionId: 'mentors-plus', solution: SOLUTION }, 201);
  advanceDays(25);
  await step('admin', 'POST', '/calls/matrix-call/close', {}, 202);
  await step('admin', 'POST', '/calls/matrix-call/concept-notes/amani-youth/shortlist', { fullProposalDeadline: inDays(30) }, 202);
  await step('partner', 'POST', '/proposals/matrix-call/amani-youth/full-proposal', aFullProposal(), 201);
  advanceDays(6);
  await step('admin', 'POST', '/proposals/matrix-call/amani-youth/screening', {}, 202);
  // The panel reviewer has declared, so reading the proposal in full is allowed.
  await step('reviewer', 'POST', '/proposals/matrix-call/amani-youth/conflict-declaration', { conflict: false }, 202);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('has a column for every persona and a row for every route the service exposes', async () => {
  expect(matrix.personas).toEqual(PERSONAS);
  const openapi = (await api(undefined, 'GET', '/openapi.json')).body;
  expect(matrix.rows.map((r) => r.route).sort()).toEqual(exposedRoutes(openapi).sort());
});

const cases = matrix.rows.flatMap((row) => PERSONAS.map((persona) => [row.route, persona, row.expected[persona]!] as const));

it.each(cases)('%s as %s: %s', async (routeName, persona, expected) => {
  const [method, template] = routeName.split(' ') as [string, string];
  const allowed = expected !== 'refused';
  const isWrite = method !== 'GET';
  const prepared = allowed && isWrite && PREPARE[routeName] ? await PREPARE[routeName]() : {};
  const params: Record<string, string> = { id: 'matrix-call', ref: 'matrix-call', orgId: 'amani-youth', questionId: 'nope', solutionId: 'mentors-plus', ...prepared.params };
  const path = template.replace(/:(\w+)/g, (_, name: string) => params[name]!);
  const token = tokens.get(DEMO[persona] ?? persona);
  const body = method === 'GET' ? undefined : (prepared.body ?? BODIES[routeName] ?? {});
  const response = await api(token, method, path, body);
  if (allowed) {
    const rule = RULE_REFUSALS[`${routeName} as ${persona}`];
    expect({ status: response.status, ...(rule || response.status >= 400 ? { type: response.body?.type } : {}) }).toEqual({ status: expected, ...(rule ? { type: `${PROBLEM}${rule}` } : {}) });
    return;
  }
  const row = matrix.rows.find((r) => r.route === routeName)!;
  const refusal =
    persona === 'anonymous'
      ? 'unauthorized'
      : persona === 'not a member'
        ? 'organization.not-a-member'
        : persona === 'not panel' && row.expected.panel !== 'refused'
          ? 'proposal.reviewer-not-assigned'
          : 'forbidden';
  expect({ status: response.status, type: response.body?.type }).toEqual({ status: persona === 'anonymous' ? 401 : 403, type: `${PROBLEM}${refusal}` });
});
