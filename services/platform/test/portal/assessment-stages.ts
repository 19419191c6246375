import { aCallDetails, aFullProposal, inDays } from '@csm/testkit';
import type { Page } from 'playwright-core';
import { callApi, type ApiResponse } from '../../src';
import type { PortalUnderTest } from './portal-under-test';

/**
 * Brings calls to the stage a reviewer, donor or auditor journey starts from, through the public
 * HTTP API with the demo users' own tokens — the same requests people make, nothing written
 * around the services. Both demo applicants (verified by the seed) apply to every call.
 */
export const APPLICANTS = [
  { user: 'partner', org: 'amani-youth', name: 'Amani Youth Initiative', title: 'Mentors for Likoni', county: '001' },
  { user: 'partner3', org: 'kisumu-dialogue', name: 'Kisumu Interfaith Dialogue', title: 'Interfaith youth forums', county: '042' },
] as const;

export interface Stages {
  /** A request as `user`, after every earlier write is read back (the next command reads read models). */
  api(user: string, method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Like `api`, and fails the test unless the status is `status`. */
  expect(status: number, user: string, method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

export const stagesOn = (portal: PortalUnderTest): Stages => {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, portal.token(user));
    return tokens.get(user)!;
  };
  let lastPosition: string | undefined;
  const api = async (user: string, method: string, path: string, body?: unknown) => {
    const service = path.startsWith('/organizations') ? portal.registration : portal.proposals;
    // Read-your-writes: both services answer `minPosition` once their projections reached it.
    const query = lastPosition === undefined ? '' : `${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`;
    const response = await callApi(service, method, method === 'GET' ? `${path}${query}` : path, { token: await tokenOf(user), ...(body !== undefined ? { body } : {}) });
    if (method !== 'GET' && typeof response.body?.position === 'string') {
      lastPosition = response.body.position;
      // The next command reads the proposals service's read models: wait for them here.
      await callApi(portal.proposals, 'GET', `/calls?minPosition=${lastPosition}`, {});
      await callApi(portal.registration, 'GET', `/directory?minPosition=${lastPosition}`, {});
    }
    return response;
  };
  return {
    api,
    expect: async (status, user, method, path, body) => {
      const response = await api(user, method, path, body);
      if (response.status !== status) throw new Error(`${user} ${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
      return response;
    },
  };
};

/**
 * Each call published with a panel, both applicants' concept notes shortlisted, full proposals
 * submitted and screened in: proposals `<callId>.<org>` in status `eligible`, ready for the panel.
 * Deadlines are crossed by moving the services' clock, so every call is brought along together.
 */
export const bringCallsToScoring = async (portal: PortalUnderTest, stages: Stages, calls: readonly { callId: string; title: string; reviewers: string[] }[]): Promise<void> => {
  for (const { callId, title, reviewers } of calls) {
    await stages.expect(201, 'admin', 'POST', '/calls', { callId, details: aCallDetails({ title, reviewers }) });
    await stages.expect(202, 'admin', 'POST', `/calls/${callId}/publish`, {});
    for (const a of APPLICANTS) {
      const note = { title: a.title, summary: `${a.title}: mentorship and dialogue for young people at risk of recruitment.`, counties: [a.county], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
      await stages.expect(201, a.user, 'POST', `/calls/${callId}/concept-notes`, note);
    }
  }
  portal.moveClock(25); // past the submission deadline (20 days)
  for (const { callId } of calls) {
    await stages.expect(202, 'admin', 'POST', `/calls/${callId}/close`, {});
    for (const a of APPLICANTS) await stages.expect(202, 'admin', 'POST', `/calls/${callId}/concept-notes/${a.org}/shortlist`, { fullProposalDeadline: inDays(35) });
    for (const a of APPLICANTS) await stages.expect(201, a.user, 'POST', `/proposals/${callId}/${a.org}/full-proposal`, aFullProposal({ title: a.title, counties: [a.county] }));
  }
  portal.moveClock(40); // past the full proposal deadline (35 days)
  for (const { callId } of calls) {
    for (const a of APPLICANTS) {
      await stages.expect(202, 'admin', 'POST', `/proposals/${callId}/${a.org}/screening`, {});
    }
  }
};

export const LEGAL_ITEMS_PASSED = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' }));

/** The panel's whole work on one proposal, then the secretariat's recommendation to `body`. */
export const recommend = async (stages: Stages, proposal: string, reviewers: readonly string[], recommendation: Record<string, unknown>): Promise<void> => {
  for (const reviewer of reviewers) {
    await stages.expect(202, reviewer, 'POST', `${proposal}/conflict-declaration`, { conflict: false });
    await stages.expect(202, reviewer, 'POST', `${proposal}/score-sheet/lock`, {
      scores: [
        { criterionId: 'relevance', score: 9, comment: 'Fits the County Action Plan' },
        { criterionId: 'feasibility', score: 8, comment: 'Costed and staffed' },
      ],
    });
  }
  await stages.expect(202, 'admin', 'POST', `${proposal}/legal-ethical-check`, { items: LEGAL_ITEMS_PASSED });
  await stages.expect(202, 'admin', 'POST', `${proposal}/recommendation`, recommendation);
};

/** The page fits a 360 px wide phone: nothing makes it scroll sideways. */
export const expectNoSidewaysScroll = async (page: Page): Promise<void> => {
  await page.setViewportSize({ width: 360, height: 640 });
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
};
