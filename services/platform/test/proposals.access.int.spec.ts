import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type ApiResponse, type EmbeddedPlatform } from '../src';
import { aCallDetails, aFullProposal, anOrganizationProfile, inDays } from '@csm/testkit';

jest.setTimeout(120_000);

/**
 * Who may see and do what around one assessed call, through HTTP with real tokens: the defects a
 * review found (issue 8, "Authorisation and behaviour defects"), each as the request that showed it.
 *
 * Applicants amani-youth (`partner`, with `partner-member` invited) and kisumu-dialogue
 * (`partner3`). Panel: reviewer; reviewer2 declares a conflict with amani-youth; reviewer3 is a
 * member of kisumu-dialogue (recused from it by registration data). amani-youth is recommended
 * to GCERF (id `gcerf`, the demo `donor`'s org_id); kisumu-dialogue is not recommended, to
 * another donor (`other-fund`).
 */
const CALL = 'access-call';
const AMANI = `/proposals/${CALL}/amani-youth`;
const KISUMU = `/proposals/${CALL}/kisumu-dialogue`;
const GCERF = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' };
const OTHER_FUND = { kind: 'donor', name: 'Other Fund', id: 'other-fund' };
const PROBLEM = 'https://csm.go.ke/problems/';

let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();

const tokenOf = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return tokens.get(user)!;
};
const request = async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown): Promise<ApiResponse> =>
  callApi(platform.urls[service], method, path, { ...(user ? { token: await tokenOf(user) } : {}), ...(body !== undefined ? { body } : {}) });
/** A command that must succeed with `status`; its position is waited for, so the next request reads it. */
const must = async (status: number, service: 'registration' | 'proposals', user: string, method: string, path: string, body: unknown = {}) => {
  const response = await request(service, user, method, path, body);
  if (response.status !== status) throw new Error(`${user} ${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  if (response.body?.position) await platform.caughtUp(BigInt(response.body.position));
  return response;
};
const api = (user: string | undefined, method: string, path: string, body?: unknown) => request('proposals', user, method, path, body);
const sheet = (relevance: number, feasibility: number) => ({
  scores: [
    { criterionId: 'relevance', score: relevance, comment: 'Fits the County Action Plan' },
    { criterionId: 'feasibility', score: feasibility, comment: 'Costed and staffed' },
  ],
});
const legalItems = () =>
  ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposals-access-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
  for (const [user, org, name] of [['partner', 'amani-youth', 'Amani Youth Initiative'], ['partner3', 'kisumu-dialogue', 'Kisumu Interfaith Dialogue']] as const) {
    await must(201, 'registration', user, 'POST', '/organizations', anOrganizationProfile({ name }));
    await must(202, 'registration', user, 'POST', `/organizations/${org}/submit`);
    await must(202, 'registration', 'admin', 'POST', `/organizations/${org}/verify`);
  }
  await must(202, 'registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'partner-member', role: 'member' });
  await must(202, 'registration', 'partner3', 'POST', '/organizations/kisumu-dialogue/members', { username: 'reviewer3', role: 'member' });

  await must(201, 'proposals', 'admin', 'POST', '/calls', { callId: CALL, details: aCallDetails({ reviewers: ['reviewer', 'reviewer2', 'reviewer3'] }) });
  await must(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/publish`);
  const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for 300 young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
  await must(201, 'proposals', 'partner', 'POST', `/calls/${CALL}/concept-notes`, note);
  await must(201, 'proposals', 'partner3', 'POST', `/calls/${CALL}/concept-notes`, { ...note, title: 'Interfaith youth forums', counties: ['042'] });
  clockOffsetMs = 25 * 86_400_000;
  await must(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/close`);
  for (const org of ['amani-youth', 'kisumu-dialogue']) await must(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/concept-notes/${org}/shortlist`, { fullProposalDeadline: inDays(30) });
  await must(201, 'proposals', 'partner', 'POST', `${AMANI}/full-proposal`, aFullProposal());
  await must(201, 'proposals', 'partner3', 'POST', `${KISUMU}/full-proposal`, aFullProposal({ title: 'Interfaith youth forums', counties: ['042'] }));
  clockOffsetMs = 31 * 86_400_000;
  for (const path of [AMANI, KISUMU]) await must(202, 'proposals', 'admin', 'POST', `${path}/screening`);

  await must(202, 'proposals', 'reviewer', 'POST', `${AMANI}/conflict-declaration`, { conflict: false });
  await must(202, 'proposals', 'reviewer2', 'POST', `${AMANI}/conflict-declaration`, { conflict: true, details: 'I sat on the Amani board until 2025' });
  await must(202, 'proposals', 'reviewer3', 'POST', `${AMANI}/conflict-declaration`, { conflict: false });
  await must(202, 'proposals', 'reviewer', 'POST', `${KISUMU}/conflict-declaration`, { conflict: false });
  await must(202, 'proposals', 'reviewer2', 'POST', `${KISUMU}/conflict-declaration`, { conflict: false });
  await must(202, 'proposals', 'reviewer3', 'POST', `${KISUMU}/conflict-declaration`, { conflict: false }); // recused: a member per registration

  await must(202, 'proposals', 'reviewer', 'POST', `${AMANI}/score-sheet/lock`, sheet(9, 8));
  await must(202, 'proposals', 'reviewer3', 'POST', `${AMANI}/score-sheet/lock`, sheet(6, 5));
  await must(202, 'proposals', 'reviewer', 'POST', `${KISUMU}/score-sheet/lock`, sheet(7, 7));
  await must(202, 'proposals', 'reviewer2', 'POST', `${KISUMU}/score-sheet/lock`, sheet(8, 6));
  for (const path of [AMANI, KISUMU]) await must(202, 'proposals', 'admin', 'POST', `${path}/legal-ethical-check`, { items: legalItems() });
  await must(202, 'proposals', 'admin', 'POST', `${AMANI}/recommendation`, { outcome: 'recommend', body: GCERF, rationale: 'Highest weighted score; low risk; well costed.' });
  await must(202, 'proposals', 'admin', 'POST', `${KISUMU}/recommendation`, { outcome: 'do-not-recommend', body: OTHER_FUND, rationale: 'Weak on feasibility and on safeguarding.' });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the applicant’s view of a recommendation', () => {
  it('reads "decision-pending" whatever the panel advised, until the body decides', async () => {
    for (const [user, path] of [['partner3', KISUMU], ['partner', AMANI]] as const) {
      const seen = await api(user, 'GET', path);
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('decision-pending');
      expect(seen.body).not.toHaveProperty('recommendation');
    }
    const concept = await api('partner3', 'GET', `/calls/${CALL}/concept-notes/kisumu-dialogue`);
    expect(concept.status).toBe(200);
    expect(concept.body.status).toBe('decision-pending');
    expect(concept.body).not.toHaveProperty('recommendation');
    expect(concept.body).not.toHaveProperty('declarations');
    expect((await api('admin', 'GET', KISUMU)).body.status).toBe('recommended');
  });
});

describe('calls as the public sees them', () => {
  it('shows the call without its panel to everyone but the NCTC and auditors', async () => {
    for (const user of [undefined, 'partner', 'donor', 'reviewer', 'county']) {
      const list = await api(user, 'GET', '/calls');
      expect(list.status).toBe(200);
      const listed = list.body.items.find((c: { _id: string }) => c._id === CALL);
      expect(listed.details.title).toBe(aCallDetails().title);
      expect(listed.details).not.toHaveProperty('reviewers');
      const one = await api(user, 'GET', `/calls/${CALL}`);
      expect(one.status).toBe(200);
      expect(one.body.details).not.toHaveProperty('reviewers');
    }
    for (const user of ['admin', 'auditor']) {
      const one = await api(user, 'GET', `/calls/${CALL}`);
      expect(one.status).toBe(200);
      expect(one.body.details.reviewers).toEqual(['reviewer', 'reviewer2', 'reviewer3'].map((u) => platform.subjectIds.forUsername(u)));
    }
  });
});

describe('recommendation packs', () => {
  it('give a donor only the recommendations addressed to it, without reviewer names or conflicts', async () => {
    const ranking = await api('donor', 'GET', `/calls/${CALL}/ranking`);
    expect(ranking.status).toBe(200);
    expect(ranking.body.rows.map((r: { proposalId: string }) => r.proposalId)).toEqual([`${CALL}.amani-youth`]);
    expect(ranking.body.screenedOut).toEqual([]);
    const [row] = ranking.body.rows;
    expect(row.conflicts).toEqual([]);
    expect(row.sheets.map((s: { reviewer: string }) => s.reviewer)).toEqual(['Reviewer 1', 'Reviewer 2']);
    const text = JSON.stringify(ranking.body);
    for (const secret of ['reviewer2', 'reviewer3', 'Amani board']) expect(text).not.toContain(secret);

    const csv = await api('donor', 'GET', `/calls/${CALL}/recommendation-pack.csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.body)).not.toContain('conflicts declared');
    expect(String(csv.body)).not.toContain('Amani board');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(2);
    const html = await api('donor', 'GET', `/calls/${CALL}/recommendation-pack.html`);
    expect(html.status).toBe(200);
    expect(String(html.body)).not.toContain('Conflicts of interest');
    expect(String(html.body)).not.toContain('reviewer2');
  });

  it('give the NCTC and auditors every proposal with its conflicts', async () => {
    for (const user of ['admin', 'auditor']) {
      const ranking = await api(user, 'GET', `/calls/${CALL}/ranking`);
      expect(ranking.status).toBe(200);
      expect(ranking.body.rows).toHaveLength(2);
      expect(JSON.stringify(ranking.body)).toContain('I sat on the Amani board until 2025');
    }
  });
});

describe('decisions', () => {
  it('refuse a donor deciding for a recommendation addressed to another body, and a body named in the request', async () => {
    const naming = await api('donor', 'POST', `${KISUMU}/decision`, { decision: 'rejected', decidedBy: OTHER_FUND, note: 'Not for us' });
    expect(naming.status).toBe(400);
    expect(naming.body.type).toBe(`${PROBLEM}validation`);
    const refused = await api('donor', 'POST', `${KISUMU}/decision`, { decision: 'rejected', note: 'Not for us' });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe(`${PROBLEM}proposal.decision-not-addressed`);
  });

  it('record the addressed body’s decision with its liaison as the actor, or the NCTC’s on its behalf', async () => {
    await must(202, 'proposals', 'donor', 'POST', `${AMANI}/decision`, { decision: 'approved', amount: 3_500_000, note: 'Approved by the Independent Review Panel' });
    await must(202, 'proposals', 'admin', 'POST', `${KISUMU}/decision`, { decision: 'rejected', note: 'Not funded in this round' });
    const decisionOf = async (path: string) => {
      const history = await api('auditor', 'GET', `${path}/history`);
      expect(history.status).toBe(200);
      return history.body.events.find((e: { type: string }) => e.type === 'DecisionRecorded');
    };
    const byDonor = await decisionOf(AMANI);
    expect(byDonor.data).toMatchObject({ decidedBy: GCERF, recordedBy: 'receiving-body' });
    expect(byDonor.metadata.actor).toMatchObject({ roles: ['donor'], organizationId: 'gcerf' });
    const onBehalf = await decisionOf(KISUMU);
    expect(onBehalf.data).toMatchObject({ decidedBy: OTHER_FUND, recordedBy: 'nctc-on-behalf' });
    expect(onBehalf.metadata.actor).toMatchObject({ roles: ['nctc-admin'] });
    expect((await api('admin', 'GET', KISUMU)).body.decision).toMatchObject({ decision: 'rejected', decidedBy: OTHER_FUND, recordedBy: 'nctc-on-behalf' });
  });
});

describe('appeals', () => {
  it('are refused to reviewers recused from the proposal (declared conflict or membership) and to those who scored it', async () => {
    for (const [user, path] of [['partner', AMANI], ['partner3', KISUMU]] as const) {
      await must(202, 'proposals', 'admin', 'POST', `${path}/feedback`, { feedback: 'Thank you; see the panel’s reasons in the letter.' });
      await must(202, 'proposals', user, 'POST', `${path}/appeal`, { grounds: 'We believe the panel misread our safeguarding plan.' });
    }
    const decision = { outcome: 'dismissed', reason: 'The plan was read as submitted.' };
    const refusals: [string, string, string][] = [
      ['reviewer2', AMANI, 'proposal.appeal-reviewer-recused'], // declared a conflict
      ['reviewer3', KISUMU, 'proposal.appeal-reviewer-recused'], // a member of the applicant
      ['reviewer', AMANI, 'proposal.appeal-reviewer-scored'],
      ['reviewer2', KISUMU, 'proposal.appeal-reviewer-scored'],
    ];
    for (const [user, path, type] of refusals) {
      const refused = await api(user, 'POST', `${path}/appeal-decision`, decision);
      expect({ user, path, status: refused.status, type: refused.body.type }).toEqual({ user, path, status: 403, type: `${PROBLEM}${type}` });
    }
    await must(202, 'proposals', 'admin', 'POST', `${AMANI}/appeal-decision`, decision);
  });
});

describe('clarifications', () => {
  it('name a question by questionId in the list and in the answer', async () => {
    const call = 'clarified-call';
    await must(201, 'proposals', 'admin', 'POST', '/calls', { callId: call, details: aCallDetails({ timeline: { clarificationDeadline: inDays(41), submissionDeadline: inDays(51), resultsDate: inDays(90).slice(0, 10) } }) });
    await must(202, 'proposals', 'admin', 'POST', `/calls/${call}/publish`);
    await must(202, 'proposals', 'partner', 'POST', `/calls/${call}/clarifications`, { question: 'May a faith-based group lead a consortium?' });
    const queue = await api('admin', 'GET', `/calls/${call}/clarifications`);
    expect(queue.status).toBe(200);
    const [question] = queue.body.items;
    expect(question).not.toHaveProperty('_id');
    expect(question.questionId).toMatch(/^[0-9a-f-]{36}$/);
    await must(202, 'proposals', 'admin', 'POST', `/calls/${call}/clarifications/${question.questionId}/answer`, { answer: 'Yes, with one lead applicant.' });
    const published = await api(undefined, 'GET', `/calls/${call}/clarifications`);
    expect(published.body.items).toEqual([expect.objectContaining({ questionId: question.questionId, answer: 'Yes, with one lead applicant.' })]);
    expect(published.body.items[0]).not.toHaveProperty('_id');
    expect(published.body.items[0]).not.toHaveProperty('askedBy');
  });
});

describe('score sheets', () => {
  it('lock what was drafted when the lock carries no scores', async () => {
    const solution = { title: 'Mentors plus', description: 'Mentorship for young people returning from armed groups, with their families and teachers.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
    await must(201, 'proposals', 'partner', 'POST', '/solutions', { solutionId: 'draft-lock', solution });
    await must(201, 'proposals', 'admin', 'POST', '/solutions/amani-youth/draft-lock/convert', { justification: 'Fills a gap in returnee support in Mombasa.', fullProposalDeadline: new Date(Date.now() + clockOffsetMs + 5 * 86_400_000).toISOString(), reviewers: ['reviewer'] });
    const direct = '/proposals/direct-draft-lock/amani-youth';
    await must(201, 'proposals', 'partner', 'POST', `${direct}/full-proposal`, aFullProposal());
    clockOffsetMs += 6 * 86_400_000;
    await must(202, 'proposals', 'admin', 'POST', `${direct}/screening`);
    await must(202, 'proposals', 'reviewer', 'POST', `${direct}/conflict-declaration`, { conflict: false });
    const drafted = {
      scores: [
        { criterionId: 'relevance', score: 8, comment: 'Fills a gap' },
        { criterionId: 'feasibility', score: 7, comment: 'Staffed' },
        { criterionId: 'value-for-money', score: 6, comment: 'Fair' },
      ],
    };
    await must(202, 'proposals', 'reviewer', 'PUT', `${direct}/score-sheet`, drafted);
    await must(202, 'proposals', 'reviewer', 'POST', `${direct}/score-sheet/lock`, {});
    const sheets = await api('reviewer', 'GET', `${direct}/score-sheets`);
    expect(sheets.status).toBe(200);
    expect(sheets.body.items).toEqual([expect.objectContaining({ reviewer: platform.subjectIds.forUsername('reviewer'), locked: true, scores: drafted.scores })]);
    const again = await api('reviewer', 'POST', `${direct}/score-sheet/lock`, {});
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(`${PROBLEM}proposal.score-sheet-locked`);
  });
});

describe('a member removed from an organisation', () => {
  it('stops acting for it as soon as the removal is projected, though the token still names it', async () => {
    expect((await api('partner-member', 'GET', AMANI)).status).toBe(200);
    await must(202, 'registration', 'partner', 'DELETE', '/organizations/amani-youth/members/partner-member');
    const read = await api('partner-member', 'GET', AMANI);
    expect(read.status).toBe(403);
    expect(read.body.type).toBe(`${PROBLEM}organization.not-a-member`);
    const solution = { title: 'After removal', description: 'A solution presented by someone who no longer belongs to the organisation.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
    const presented = await api('partner-member', 'POST', '/solutions', { solutionId: 'after-removal', solution });
    expect(presented.status).toBe(403);
    expect(presented.body.type).toBe(`${PROBLEM}organization.not-a-member`);
    expect((await api('partner-member', 'GET', '/calls')).status).toBe(200); // public reads stay open
    expect((await api('partner', 'GET', AMANI)).status).toBe(200);
  });
});
