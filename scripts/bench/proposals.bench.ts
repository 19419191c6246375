import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleCommand, type CommandMetadata } from '@csm/eventing';
import { proposalStreamId } from '@csm/contracts';
import { proposalDecider, type AssessmentFrame, type ProposalCommand } from '@csm/proposals';
import { callApi, passwordToken, startEmbeddedPlatform } from '@csm/platform';
import { aCallDetails, aFullProposal, inDays } from '@csm/testkit';
import { driveHttpLoad, type HttpLoadRequest } from './http-load';
import { formatRow } from './load';

/**
 * The panel's hot paths on the embedded default, against a baseline measured in the same run
 * on the same service: an authenticated read of the call (GET /calls/:id).
 *  - locking score sheets (token, read models, decider, append) for N screened-in proposals;
 *  - the ranking of a call with N proposals (reads every proposal, aggregates, sorts).
 * Proposals are brought to "eligible, reviewer declared" in-process through the real decider
 * and store, so the measured HTTP calls are the only thing timed. Every timed route, baselines
 * included, is driven by autocannon from a child process. Asserts nothing about speed.
 *
 *   npm run bench:proposals             BENCH_PROPOSALS=2000 BENCH_CONCURRENCY=64 npm run bench:proposals
 */
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RANKING_READS = Number(process.env.BENCH_RANKING_READS ?? 50);
const CALL = 'bench-call';

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-bench-proposals-'));
  const platform = await startEmbeddedPlatform({ dataDir: dir, log: () => undefined });
  try {
    const [admin, reviewer] = await Promise.all([passwordToken(platform.urls.issuer, 'admin'), passwordToken(platform.urls.issuer, 'reviewer')]);
    const api = (token: string, method: string, path: string, body?: unknown) => callApi(platform.urls.proposals, method, path, { token, ...(body !== undefined ? { body } : {}) });
    const details = aCallDetails();
    if ((await api(admin, 'POST', '/calls', { callId: CALL, details })).status !== 201) throw new Error('could not draft the benchmark call');
    const published = await api(admin, 'POST', `/calls/${CALL}/publish`, {});
    await platform.caughtUp(BigInt(published.body.position));

    console.log(`[bench] preparing ${PROPOSALS} screened-in proposals through the decider…`);
    const frame: AssessmentFrame = { criteria: details.criteria, scoreScale: 10, reviewers: ['reviewer'], appealWindowDays: 7, call: details as never };
    const call = { callId: CALL, status: 'published' as const, details: details as never };
    for (let i = 0; i < PROPOSALS; i++) {
      const organizationId = `bench-org-${i}`;
      const proposalId = `${CALL}.${organizationId}`;
      const applicant = { organizationId, verified: true, type: 'community-based' };
      const steps: [string, Record<string, unknown>, string][] = [
        ['SubmitConceptNote', { call, applicant, conceptNote: { title: 'Mentors', summary: 'x'.repeat(60), counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 12 } }, inDays(1)],
        ['ShortlistConceptNote', { callStatus: 'closed', fullProposalDeadline: inDays(30) }, inDays(21)],
        ['SubmitFullProposal', { fullProposal: aFullProposal(), frame }, inDays(22)],
        ['ScreenProposal', { frame, applicant }, inDays(31)],
        ['DeclareConflict', { reviewer: 'reviewer', conflict: false, reviewerIsMember: false, frame }, inDays(32)],
      ];
      for (const [type, data, now] of steps) {
        const metadata: CommandMetadata = { commandId: `${proposalId}-${type}`, correlationId: proposalId, actor: { subject: 'bench', roles: ['nctc-admin'] }, now };
        await handleCommand(platform.store, proposalDecider, proposalStreamId(proposalId), { type, data: { proposalId, ...data }, metadata } as ProposalCommand);
      }
      if ((i + 1) % 250 === 0 || i + 1 === PROPOSALS) process.stdout.write(`\r[bench] prepared ${i + 1}/${PROPOSALS}`);
    }
    process.stdout.write('\n');
    await platform.caughtUp(await platform.store.headPosition());

    const origin = platform.urls.proposals;
    const get = (token: string, path: string): HttpLoadRequest => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
    const baseline = await driveHttpLoad('GET /calls/:id, authenticated (baseline)', { origin, connections: CONCURRENCY, amount: PROPOSALS, expectStatus: 200, requests: [get(reviewer, `/calls/${CALL}`)] });
    console.log(formatRow(baseline));
    const sheet = JSON.stringify({ scores: [{ criterionId: 'relevance', score: 7, comment: 'Relevant' }, { criterionId: 'feasibility', score: 6, comment: 'Feasible' }] });
    const lockRequests: HttpLoadRequest[] = Array.from({ length: PROPOSALS }, (_, i) => ({
      method: 'POST',
      path: `/proposals/${CALL}/bench-org-${i}/score-sheet/lock`,
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: sheet,
    }));
    const locks = await driveHttpLoad('POST …/score-sheet/lock', { origin, connections: CONCURRENCY, amount: PROPOSALS, expectStatus: 202, requests: lockRequests });
    console.log(formatRow(locks));
    await platform.caughtUp(await platform.store.headPosition());
    // The ranking is checked once for content; the load then counts statuses only.
    const ranked = await api(admin, 'GET', `/calls/${CALL}/ranking`);
    if (ranked.status !== 200 || ranked.body.rows.length !== PROPOSALS) throw new Error(`the ranking has ${ranked.body.rows?.length} rows, not ${PROPOSALS}`);
    const rankingBaseline = await driveHttpLoad('GET /calls/:id, one at a time (baseline)', { origin, connections: 1, amount: RANKING_READS, expectStatus: 200, requests: [get(admin, `/calls/${CALL}`)] });
    console.log(formatRow(rankingBaseline));
    const ranking = await driveHttpLoad(`GET /calls/:id/ranking (${PROPOSALS} proposals)`, { origin, connections: 1, amount: RANKING_READS, expectStatus: 200, requests: [get(admin, `/calls/${CALL}/ranking`)] });
    console.log(formatRow(ranking));
    console.log('');
    console.log(`ratio score-sheet lock ÷ authenticated read   throughput ${(locks.perSecond / baseline.perSecond).toFixed(2)}   p50 ${(locks.p50Ms / baseline.p50Ms).toFixed(2)}x   p99 ${(locks.p99Ms / baseline.p99Ms).toFixed(2)}x`);
    console.log(`ratio ranking ÷ authenticated read            p50 ${(ranking.p50Ms / rankingBaseline.p50Ms).toFixed(1)}x   p99 ${(ranking.p99Ms / rankingBaseline.p99Ms).toFixed(1)}x`);
    console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after the run`);
    if (baseline.failures + locks.failures + ranking.failures + rankingBaseline.failures > 0) process.exitCode = 1;
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
