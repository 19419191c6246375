import { aCallDetails, inDays } from './call-builders';
import { anOrganizationProfile } from './organization-builders';

/**
 * The whole proposals path of issue 4 through HTTP, written once and run on the embedded
 * platform and on the production composition (Kafka, MongoDB wire, Keycloak):
 * publish call → question answered to all → concept notes → shortlist → full proposals
 * (one reopened by an information request) → screening → conflicts declared and recused →
 * scores locked (no peeking) → legal & ethical check (one blocking) → recommendations →
 * pack exported → decisions → offer accepted → feedback → appeal decided by a non-scorer →
 * call finalised (refused while any applicant awaits feedback).
 *
 * Applicants: amani-youth (user `partner`) and kisumu-dialogue (`partner3`). Panel: reviewer,
 * reviewer2 (declares a conflict with amani-youth), reviewer3 (a member of kisumu-dialogue in
 * registration data, so recused from it automatically).
 */
export interface PathResponse {
  status: number;
  headers: Headers;
  body: any;
}
export interface ProposalPathContext {
  request(service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown): Promise<PathResponse>;
  /** Moves the services' clock this many days ahead of real time. */
  moveClock(days: number): void;
  callId: string;
  /** How the services name a user in events and read models (`SubjectIds.forUsername` under their secret). */
  memberIdOf(username: string): string;
}


export const aFullProposal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Mentors for Likoni',
  summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
  counties: ['001'],
  pillars: ['psychosocial'],
  budget: {
    currency: 'KES',
    lines: [
      { description: 'Mentor stipends', category: 'personnel', amount: 2_500_000 },
      { description: 'Vocational training kits', category: 'equipment', amount: 1_000_000 },
    ],
  },
  beneficiaries: { description: 'Young people aged 15 to 24 in Likoni and Kisauni', directCount: 300, groups: ['youth'] },
  partners: [{ name: 'Likoni Youth Polytechnic', role: 'Delivers the vocational training' }],
  risks: [{ risk: 'Participants stigmatised as suspects', likelihood: 'medium', mitigation: 'Open enrolment and no labelling of participants' }],
  safeguardingPlan: 'Vetted mentors, a two-adult rule, a named safeguarding focal person and a referral pathway to the county children officer.',
  durationMonths: 18,
  ...overrides,
});

const legalItems = (failed: string[] = []) =>
  ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({
    item,
    score: failed.includes(item) ? 1 : 3,
    passed: !failed.includes(item),
    note: failed.includes(item) ? 'Collects religious affiliation of minors without consent' : 'No concerns',
  }));

const sheet = (relevance: number, feasibility: number) => ({
  scores: [
    { criterionId: 'relevance', score: relevance, comment: 'Fits the County Action Plan' },
    { criterionId: 'feasibility', score: feasibility, comment: 'Costed and staffed' },
  ],
});

export const runProposalPath = async (ctx: ProposalPathContext): Promise<void> => {
  const { callId } = ctx;
  let lastPosition = '-1';
  /** Every write's position; reads and decisions after it wait for the projections to reach it. */
  const send = async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown) => {
    if (service === 'proposals' && lastPosition !== '-1') {
      const synced = await ctx.request('proposals', 'admin', 'GET', `/calls/${callId}?minPosition=${lastPosition}`);
      if (synced.status >= 500) throw new Error(`read-your-writes failed: ${JSON.stringify(synced.body)}`);
    }
    const response = await ctx.request(service, user, method, path, body);
    if (response.body && typeof response.body === 'object' && typeof response.body.position === 'string') lastPosition = response.body.position;
    return response;
  };
  const p = (user: string | undefined, method: string, path: string, body?: unknown) => send('proposals', user, method, path, body);
  const expectStatus = async (promise: Promise<PathResponse>, status: number, type?: string) => {
    const response = await promise;
    if (response.status !== status || (type && response.body?.type !== `https://csm.go.ke/problems/${type}`)) {
      throw new Error(`expected ${status}${type ? ` ${type}` : ''}, got ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response;
  };
  const amani = `/proposals/${callId}/amani-youth`;
  const kisumu = `/proposals/${callId}/kisumu-dialogue`;

  // Registration facts: both applicants verified; reviewer3 a member of kisumu-dialogue.
  for (const [user, org, name] of [['partner', 'amani-youth', 'Amani Youth Initiative'], ['partner3', 'kisumu-dialogue', 'Kisumu Interfaith Dialogue']] as const) {
    const registered = await send('registration', user, 'POST', '/organizations', anOrganizationProfile({ name }));
    if (registered.status === 201) {
      await expectStatus(send('registration', user, 'POST', `/organizations/${org}/submit`, {}), 202);
      await expectStatus(send('registration', 'admin', 'POST', `/organizations/${org}/verify`, {}), 202);
    }
  }
  const invited = await send('registration', 'partner3', 'POST', '/organizations/kisumu-dialogue/members', { username: 'reviewer3', role: 'member' });
  if (![202, 409].includes(invited.status)) throw new Error(`inviting reviewer3: ${invited.status} ${JSON.stringify(invited.body)}`);

  // 1. Publish a call with two weighted criteria and a panel of three.
  await expectStatus(
    p('admin', 'POST', '/calls', { callId, details: aCallDetails({ reviewers: ['reviewer', 'reviewer2', 'reviewer3'] }) }),
    201,
  );
  await expectStatus(p('admin', 'POST', `/calls/${callId}/publish`, {}), 202);

  // 2. A question, answered to every applicant.
  await expectStatus(p('partner', 'POST', `/calls/${callId}/clarifications`, { question: 'May a faith-based group lead a consortium?' }), 202);
  const queue = await expectStatus(p('admin', 'GET', `/calls/${callId}/clarifications`), 200);
  const questionId = queue.body.items[0].questionId;
  await expectStatus(p('admin', 'POST', `/calls/${callId}/clarifications/${questionId}/answer`, { answer: 'Yes, with one lead applicant.' }), 202);
  const seen = await expectStatus(p('partner3', 'GET', `/calls/${callId}/clarifications`), 200);
  if (seen.body.items[0]?.answer !== 'Yes, with one lead applicant.' || 'askedBy' in seen.body.items[0]) throw new Error(`answer not published to all: ${JSON.stringify(seen.body)}`);

  // 3. Concept notes.
  const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for 300 young people at risk in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
  await expectStatus(p('partner', 'POST', `/calls/${callId}/concept-notes`, note), 201);
  await expectStatus(p('partner3', 'POST', `/calls/${callId}/concept-notes`, { ...note, title: 'Interfaith youth forums', counties: ['042'] }), 201);

  // 4. Past the deadline: close, shortlist both with a full proposal deadline.
  ctx.moveClock(25);
  await expectStatus(p('admin', 'POST', `/calls/${callId}/close`, {}), 202);
  for (const org of ['amani-youth', 'kisumu-dialogue']) {
    await expectStatus(p('admin', 'POST', `/calls/${callId}/concept-notes/${org}/shortlist`, { fullProposalDeadline: inDays(35) }), 202);
  }

  // 5. Full proposals; one reopened by an information request after the deadline.
  const overBudget = aFullProposal({ budget: { currency: 'KES', lines: [{ description: 'Everything at once', category: 'other', amount: 9_000_000 }] } });
  await expectStatus(p('partner', 'POST', `${amani}/full-proposal`, overBudget), 422, 'proposal.budget-out-of-range');
  await expectStatus(p('partner', 'POST', `${amani}/full-proposal`, aFullProposal()), 201);
  await expectStatus(p('partner3', 'POST', `${kisumu}/full-proposal`, aFullProposal({ title: 'Interfaith youth forums', counties: ['042'] })), 201);
  await expectStatus(p('admin', 'POST', `${kisumu}/information-requests`, { message: 'Please detail how forum participants are recruited.', until: inDays(45) }), 202);
  ctx.moveClock(40);
  await expectStatus(p('partner', 'PUT', `${amani}/full-proposal`, aFullProposal({ durationMonths: 12 })), 409, 'proposal.deadline-passed');
  await expectStatus(p('partner3', 'PUT', `${kisumu}/full-proposal`, aFullProposal({ title: 'Interfaith youth forums', counties: ['042'], summary: 'Forums recruited through schools and places of worship, open to every young person in Kisumu Central.' })), 202);

  // 6. Screening, once both are locked again.
  ctx.moveClock(46);
  for (const path of [amani, kisumu]) {
    const screened = await expectStatus(p('admin', 'POST', `${path}/screening`, {}), 202);
    void screened;
  }
  const screenedView = await expectStatus(p('admin', 'GET', amani), 200);
  if (screenedView.body.screening?.outcome !== 'eligible' || screenedView.body.screening.checks.length !== 4) throw new Error(`screening: ${JSON.stringify(screenedView.body.screening)}`);

  // 7. Conflicts of interest: declared before reading in full; recusal by declaration and by membership.
  const assignments = await expectStatus(p('reviewer3', 'GET', '/reviews'), 200);
  const mine = assignments.body.items.filter((i: { callId: string }) => i.callId === callId);
  if (mine.length !== 2 || mine.some((i: any) => i.fullProposal)) throw new Error(`assignments: ${JSON.stringify(assignments.body)}`);
  await expectStatus(p('reviewer', 'GET', `${amani}/review`), 403, 'proposal.declaration-required');
  for (const path of [amani, kisumu]) await expectStatus(p('reviewer', 'POST', `${path}/conflict-declaration`, { conflict: false }), 202);
  await expectStatus(p('reviewer2', 'POST', `${amani}/conflict-declaration`, { conflict: true, details: 'I sat on the Amani board until 2025' }), 202);
  await expectStatus(p('reviewer2', 'POST', `${kisumu}/conflict-declaration`, { conflict: false }), 202);
  await expectStatus(p('reviewer3', 'POST', `${amani}/conflict-declaration`, { conflict: false }), 202);
  await expectStatus(p('reviewer3', 'POST', `${kisumu}/conflict-declaration`, { conflict: false }), 202); // recused: a member per registration
  await expectStatus(p('reviewer3', 'GET', `${kisumu}/review`), 403, 'proposal.reviewer-recused');
  const full = await expectStatus(p('reviewer', 'GET', `${amani}/review`), 200);
  if (full.body.fullProposal?.title !== 'Mentors for Likoni') throw new Error('reviewer cannot read the proposal in full');

  // 8. Scores: drafts, no peeking, locks; recused reviewers refused.
  await expectStatus(p('reviewer2', 'PUT', `${amani}/score-sheet`, sheet(5, 5)), 403, 'proposal.reviewer-recused');
  await expectStatus(p('reviewer', 'POST', `${amani}/score-sheet/lock`, sheet(9, 8)), 202);
  await expectStatus(p('reviewer3', 'PUT', `${amani}/score-sheet`, sheet(6, 5)), 202);
  const peek = await expectStatus(p('reviewer3', 'GET', `${amani}/score-sheets`), 200);
  if (peek.body.items.length !== 1 || peek.body.items[0].reviewer !== ctx.memberIdOf('reviewer3')) throw new Error(`a reviewer saw others' scores before locking: ${JSON.stringify(peek.body)}`);
  await expectStatus(p('reviewer3', 'POST', `${amani}/score-sheet/lock`, sheet(6, 5)), 202);
  const afterLock = await expectStatus(p('reviewer3', 'GET', `${amani}/score-sheets`), 200);
  if (afterLock.body.items.length !== 2) throw new Error(`locked reviewer should see both sheets: ${JSON.stringify(afterLock.body)}`);
  await expectStatus(p('reviewer3', 'PUT', `${amani}/score-sheet`, sheet(9, 9)), 409, 'proposal.score-sheet-locked');
  await expectStatus(p('reviewer', 'POST', `${kisumu}/score-sheet/lock`, sheet(7, 7)), 202);
  await expectStatus(p('reviewer2', 'POST', `${kisumu}/score-sheet/lock`, sheet(8, 6)), 202);

  // 9. Legal & ethical checks: one fails a mandatory item.
  await expectStatus(p('reviewer2', 'POST', `${amani}/legal-ethical-check`, { items: legalItems() }), 403, 'proposal.reviewer-recused');
  await expectStatus(p('reviewer', 'POST', `${amani}/legal-ethical-check`, { items: legalItems() }), 202);
  await expectStatus(p('admin', 'POST', `${kisumu}/legal-ethical-check`, { items: legalItems(['data-protection']) }), 202);

  // 10. Recommendations: the blocked one can only be "do not recommend".
  const gcerf = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' }; // the demo donor's org_id
  await expectStatus(
    p('admin', 'POST', `${amani}/recommendation`, { outcome: 'recommend-with-conditions', body: gcerf, conditions: ['Quarterly safeguarding reports'], rationale: 'Highest weighted score; low risk; well costed.' }),
    202,
  );
  await expectStatus(p('admin', 'POST', `${kisumu}/recommendation`, { outcome: 'recommend', body: gcerf, rationale: 'Good scores but the data protection item failed.' }), 422, 'proposal.legal-ethical-blocked');
  await expectStatus(p('admin', 'POST', `${kisumu}/recommendation`, { outcome: 'do-not-recommend', body: gcerf, rationale: 'A mandatory data protection item failed.' }), 202);

  // 11. The pack, as data, CSV and a printable page.
  const ranking = await expectStatus(p('donor', 'GET', `/calls/${callId}/ranking`), 200);
  const [first, second] = ranking.body.rows;
  // amani: reviewer 0.9×60+0.8×40 = 86, reviewer3 0.6×60+0.5×40 = 56 → 71, spread 30; kisumu: 70 and 72 → 71, spread 2.
  if (first.proposalId !== `${callId}.amani-youth` || first.average !== 71 || first.spread !== 30 || second.spread !== 2) throw new Error(`ranking: ${JSON.stringify(ranking.body.rows)}`);
  const csv = await expectStatus(p('admin', 'GET', `/calls/${callId}/recommendation-pack.csv`), 200);
  if (!String(csv.headers.get('content-type')).startsWith('text/csv') || String(csv.body).trim().split('\r\n').length !== 3) throw new Error(`csv: ${String(csv.body)}`);
  const html = await expectStatus(p('auditor', 'GET', `/calls/${callId}/recommendation-pack.html`), 200);
  if (!String(html.body).includes('BLOCKED: a mandatory item failed')) throw new Error('html pack lacks the legal & ethical result');

  // 12. Decisions, the offer, feedback for every applicant, an appeal reviewed by a non-scorer.
  await expectStatus(p('donor', 'POST', `${amani}/decision`, { decision: 'approved', amount: 3_500_000, note: 'Approved by the Independent Review Panel' }), 202);
  await expectStatus(p('admin', 'POST', `${kisumu}/decision`, { decision: 'rejected', note: 'Not funded in this round' }), 202);
  await expectStatus(p('partner3', 'POST', `${amani}/offer-response`, { response: 'accept' }), 403);
  await expectStatus(p('partner', 'POST', `${amani}/offer-response`, { response: 'accept' }), 202);
  await expectStatus(p('admin', 'POST', `/calls/${callId}/finalise`, {}), 409, 'call.feedback-pending');
  await expectStatus(p('admin', 'POST', `${amani}/feedback`, { feedback: 'Strong, well-costed proposal; see the conditions.' }), 202);
  await expectStatus(p('admin', 'POST', `${kisumu}/feedback`, { feedback: 'Data protection: do not collect the religion of minors.' }), 202);
  await expectStatus(p('partner3', 'POST', `${kisumu}/appeal`, { grounds: 'We removed that question from the forms before the deadline.' }), 202);
  await expectStatus(p('reviewer', 'POST', `${kisumu}/appeal-decision`, { outcome: 'upheld', reason: 'I scored it, I should not decide.' }), 403, 'proposal.appeal-reviewer-scored');
  await expectStatus(p('admin', 'POST', `${kisumu}/appeal-decision`, { outcome: 'dismissed', reason: 'The submitted forms still collect it.' }), 202);
  await expectStatus(p('admin', 'POST', `/calls/${callId}/finalise`, {}), 202);

  const applicantView = await expectStatus(p('partner3', 'GET', kisumu), 200);
  const seenByApplicant = applicantView.body;
  if (seenByApplicant.appeal?.outcome !== 'dismissed' || seenByApplicant.feedback === undefined || 'declarations' in seenByApplicant || 'lockedSheets' in seenByApplicant || 'recommendation' in seenByApplicant) {
    throw new Error(`applicant view: ${JSON.stringify(seenByApplicant)}`);
  }
  const audited = await expectStatus(p('auditor', 'GET', `${kisumu}/history`), 200);
  const types = audited.body.events.map((e: { type: string }) => e.type);
  if (!audited.body.chain.intact || types[0] !== 'ConceptNoteSubmitted' || types.at(-1) !== 'AppealDecided' || !types.includes('ReviewerRecused')) {
    throw new Error(`audit history: ${JSON.stringify({ chain: audited.body.chain, types })}`);
  }
  const callHistory = await expectStatus(p('auditor', 'GET', `/calls/${callId}/history`), 200);
  if (!callHistory.body.chain.intact || !callHistory.body.events.some((e: { type: string }) => e.type === 'ClarificationAnswered')) throw new Error('call history incomplete');
  const adminView = await expectStatus(p('admin', 'GET', kisumu), 200);
  const recusal = adminView.body.declarations.find((d: { reviewer: string }) => d.reviewer === ctx.memberIdOf('reviewer3'));
  if (recusal?.recusalReason !== 'registration-membership') throw new Error(`membership recusal missing: ${JSON.stringify(adminView.body.declarations)}`);
};
