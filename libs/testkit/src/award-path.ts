import { aCallDetails, inDays } from './call-builders';
import { anOrganizationProfile } from './organization-builders';
import { aFullProposal, type PathResponse } from './proposal-path';

/**
 * The shortest way to an awarded partnership through the proposals API, as the people involved
 * make it: a verified organisation (registered, submitted and verified through registration's
 * API unless the public directory lists it), a published call (with `callDetails` overriding the builder's, e.g.
 * the plan actions it funds), a concept note, close and shortlist past the deadline, a full
 * proposal, screening, one reviewer's declaration and locked sheet, the legal & ethical check,
 * the recommendation, the donor's approval of `amount`, and, when `accept`, the offer accepted.
 * Deadlines are crossed by `moveClock` (days ahead of real time); it is left at 0 at the end.
 */
export interface AwardPathContext {
  request(service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown): Promise<PathResponse>;
  moveClock(days: number): void;
}

export interface AnAward {
  callId: string;
  callDetails?: Record<string, unknown>;
  /** Applicant: the demo user and the organisation they act for. */
  applicant?: { user: string; organizationId: string; name: string };
  counties?: string[];
  pillars?: string[];
  title?: string;
  amount?: number;
  accept?: boolean;
}

export const awardAPartnership = async (ctx: AwardPathContext, award: AnAward): Promise<{ proposalId: string; position: string }> => {
  const { callId } = award;
  const applicant = award.applicant ?? { user: 'partner', organizationId: 'amani-youth', name: 'Amani Youth Initiative' };
  const counties = award.counties ?? ['001'];
  const title = award.title ?? 'Mentors for Likoni';
  let lastPosition = '-1';
  const send = async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body: unknown, status: number | number[]) => {
    if (lastPosition !== '-1') await ctx.request('proposals', 'admin', 'GET', `/calls/${callId}?minPosition=${lastPosition}`);
    const response = await ctx.request(service, user, method, path, body);
    const allowed = Array.isArray(status) ? status : [status];
    if (!allowed.includes(response.status)) throw new Error(`${user} ${method} ${path}: expected ${allowed.join(' or ')}, got ${response.status} ${JSON.stringify(response.body)}`);
    if (typeof response.body?.position === 'string') lastPosition = response.body.position;
    return response;
  };
  const p = (user: string, method: string, path: string, body: unknown, status: number) => send('proposals', user, method, path, body, status);

  // Registered and verified unless the public directory lists it already (verified, by whomever registered it).
  const listed = await ctx.request('registration', undefined, 'GET', `/directory/${applicant.organizationId}`);
  const registered = listed.status === 200 ? listed : await send('registration', applicant.user, 'POST', '/organizations', anOrganizationProfile({ name: applicant.name }), [201, 409]);
  if (registered.status === 201) {
    await send('registration', applicant.user, 'POST', `/organizations/${applicant.organizationId}/submit`, {}, 202);
    await send('registration', 'admin', 'POST', `/organizations/${applicant.organizationId}/verify`, {}, 202);
  }
  ctx.moveClock(0);
  await p('admin', 'POST', '/calls', { callId, details: aCallDetails({ reviewers: ['reviewer'], ...award.callDetails }) }, 201);
  await p('admin', 'POST', `/calls/${callId}/publish`, {}, 202);
  const note = { title, summary: `${title}: peer mentorship and vocational training for young people at risk of recruitment.`, counties, pillars: award.pillars ?? ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
  await p(applicant.user, 'POST', `/calls/${callId}/concept-notes`, note, 201);
  ctx.moveClock(25);
  const proposal = `/proposals/${callId}/${applicant.organizationId}`;
  await p('admin', 'POST', `/calls/${callId}/close`, {}, 202);
  await p('admin', 'POST', `/calls/${callId}/concept-notes/${applicant.organizationId}/shortlist`, { fullProposalDeadline: inDays(35) }, 202);
  await p(applicant.user, 'POST', `${proposal}/full-proposal`, aFullProposal({ title, counties }), 201);
  ctx.moveClock(40);
  await p('admin', 'POST', `${proposal}/screening`, {}, 202);
  await p('reviewer', 'POST', `${proposal}/conflict-declaration`, { conflict: false }, 202);
  await p('reviewer', 'POST', `${proposal}/score-sheet/lock`, {
    scores: [
      { criterionId: 'relevance', score: 9, comment: 'Fits the County Action Plan' },
      { criterionId: 'feasibility', score: 8, comment: 'Costed and staffed' },
    ],
  }, 202);
  const items = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' }));
  await p('admin', 'POST', `${proposal}/legal-ethical-check`, { items }, 202);
  const gcerf = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' };
  await p('admin', 'POST', `${proposal}/recommendation`, { outcome: 'recommend', body: gcerf, rationale: 'Highest weighted score; low risk; well costed.' }, 202);
  await p('donor', 'POST', `${proposal}/decision`, { decision: 'approved', amount: award.amount ?? 3_000_000, note: 'Approved by the Independent Review Panel' }, 202);
  if (award.accept !== false) await p(applicant.user, 'POST', `${proposal}/offer-response`, { response: 'accept' }, 202);
  ctx.moveClock(0);
  return { proposalId: `${callId}.${applicant.organizationId}`, position: lastPosition };
};
