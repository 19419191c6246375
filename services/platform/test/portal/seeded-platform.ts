import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../../src';
// The pages are tested on exactly what `npm start` shows a newcomer; scripts/ is no Nx project to import from.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedDemoData } from '../../../../scripts/seed/demo-data';

export const CALL_ID = 'coastal-youth-resilience';
export const QUESTION = 'May a consortium of two community-based organisations apply together?';
export const ANSWER = 'Yes: one verified organisation applies as the lead and names its partner.';

/**
 * The embedded platform on free ports with `npm start`'s demo data, plus one published
 * clarification on the demo call, everything written through the public APIs.
 */
export const startSeededPlatform = async (options: { clock?: () => Date } = {}): Promise<{ platform: EmbeddedPlatform; stop: () => Promise<void> }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'csm-portal-'));
  const platform = await startEmbeddedPlatform({ dataDir, log: () => undefined, ...options });
  await seedDemoData(platform, () => undefined);
  const partner = await passwordToken(platform.urls.issuer, 'partner');
  const asked = await callApi(platform.urls.proposals, 'POST', `/calls/${CALL_ID}/clarifications`, { token: partner, body: { question: QUESTION } });
  if (asked.status !== 202) throw new Error(`asking failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const admin = await passwordToken(platform.urls.issuer, 'admin');
  const list = await callApi(platform.urls.proposals, 'GET', `/calls/${CALL_ID}/clarifications?minPosition=${asked.body.position}`, { token: admin });
  const questionId = (list.body.items as { questionId: string; question: string }[]).find((q) => q.question === QUESTION)!.questionId;
  const answered = await callApi(platform.urls.proposals, 'POST', `/calls/${CALL_ID}/clarifications/${questionId}/answer`, { token: admin, body: { answer: ANSWER } });
  if (answered.status !== 202) throw new Error(`answering failed: ${answered.status} ${JSON.stringify(answered.body)}`);
  await platform.caughtUp(BigInt(answered.body.position));
  return {
    platform,
    stop: async () => {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
