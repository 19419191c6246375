import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform, type EmbeddedPlatformOptions } from '../../src';
// The pages are tested on exactly what `npm start` shows a newcomer; scripts/ is no Nx project to import from.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedDemoData, type SeedOptions } from '../../../../scripts/seed/demo-data';

export const CALL_ID = 'coastal-youth-resilience';
export const QUESTION = 'May a consortium of two community-based organisations apply together?';
export const ANSWER = 'Yes: one verified organisation applies as the lead and names its partner.';

/**
 * One question on the demo call, asked by a partner and answered (so published) by the NCTC,
 * through the public API. Returns the answer's position.
 */
export const publishClarification = async (urls: { issuer: string; proposals: string }): Promise<string> => {
  const partner = await passwordToken(urls.issuer, 'partner');
  const asked = await callApi(urls.proposals, 'POST', `/calls/${CALL_ID}/clarifications`, { token: partner, body: { question: QUESTION } });
  if (asked.status !== 202) throw new Error(`asking failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const admin = await passwordToken(urls.issuer, 'admin');
  const list = await callApi(urls.proposals, 'GET', `/calls/${CALL_ID}/clarifications?minPosition=${asked.body.position}`, { token: admin });
  const questionId = (list.body.items as { questionId: string; question: string }[]).find((q) => q.question === QUESTION)!.questionId;
  const answered = await callApi(urls.proposals, 'POST', `/calls/${CALL_ID}/clarifications/${questionId}/answer`, { token: admin, body: { answer: ANSWER } });
  if (answered.status !== 202) throw new Error(`answering failed: ${answered.status} ${JSON.stringify(answered.body)}`);
  return String(answered.body.position);
};

/**
 * The embedded platform on free ports with `npm start`'s demo data, plus one published
 * clarification on the demo call, everything written through the public APIs.
 */
export const startSeededPlatform = async (
  options: Partial<EmbeddedPlatformOptions> = {},
  seed: SeedOptions = {},
): Promise<{ platform: EmbeddedPlatform; stop: () => Promise<void>; moveClock: (days: number) => void }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'csm-portal-'));
  // The services' clock, moved past deadlines by journeys that start after one (screening, scoring).
  let clockOffsetMs = 0;
  const platform = await startEmbeddedPlatform({ dataDir, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined, ...options });
  await seedDemoData(platform, () => undefined, seed);
  await platform.caughtUp(BigInt(await publishClarification(platform.urls)));
  return {
    platform,
    moveClock: (days) => {
      clockOffsetMs = days * 86_400_000;
    },
    stop: async () => {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
