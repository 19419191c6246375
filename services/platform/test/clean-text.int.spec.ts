import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aCallDetails, anOrganizationProfile } from '@csm/testkit';

/**
 * Text that renders to people, through HTTP: control characters, lone surrogates and
 * bidirectional overrides are refused field by field and change nothing; what is accepted is
 * stored NFC-normalised.
 */
jest.setTimeout(60_000);

let dataDir: string;
let platform: EmbeddedPlatform;
const tokens: Record<string, string> = Object.create(null) as Record<string, string>;
const call = (base: 'registration' | 'proposals', method: string, path: string, user: string, body?: unknown) =>
  callApi(platform.urls[base], method, path, { token: tokens[user]!, ...(body !== undefined ? { body } : {}) });

/** "Ámani" typed as A + combining acute accent: NFC composes it to one "Á". */
const DECOMPOSED = 'A\u0301mani Youth Initiative';
const COMPOSED = '\u00c1mani Youth Initiative';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-clean-text-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  for (const user of ['admin', 'partner']) tokens[user] = await passwordToken(platform.urls.issuer, user);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const expectFieldRefused = async (response: { status: number; headers: Headers; body: any }, path: string, message: string, head: bigint) => {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.type).toBe('https://csm.go.ke/problems/validation');
  expect(response.body.errors).toEqual([{ path, message: expect.stringContaining(message) }]);
  expect(await platform.store.headPosition()).toBe(head);
};

describe('registration takes only clean text', () => {
  it('refuses a bidi override in the name or website, NUL in the mandate, a lone surrogate in a contact; stores the name NFC', async () => {
    const head = await platform.store.headPosition();
    const override = await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile({ name: 'Amani \u202eevil\u202c Youth' }));
    await expectFieldRefused(override, 'name', 'bidirectional control characters (U+202E)', head);
    const nul = await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile({ mandate: 'Mentorship for young people\u0000 at risk.' }));
    await expectFieldRefused(nul, 'mandate', 'control characters (U+0000)', head);
    const surrogate = await call(
      'registration',
      'POST',
      '/organizations',
      'partner',
      anOrganizationProfile({ contacts: [{ name: 'Programme \ud800Lead', email: 'programmes@amani.example' }] }),
    );
    await expectFieldRefused(surrogate, 'contacts.0.name', 'lone surrogate (U+D800)', head);
    const link = await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile({ website: 'https://amani.example/\u202egpj.exe' }));
    await expectFieldRefused(link, 'website', 'bidirectional control characters (U+202E)', head);

    const registered = await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile({ name: DECOMPOSED, mandate: 'Mentorship\r\nand livelihoods.' }));
    expect(registered.status).toBe(201);
    const [event] = await platform.store.readStream(registered.body.streamId);
    expect(event!.data).toMatchObject({ profile: { name: COMPOSED, mandate: 'Mentorship\nand livelihoods.' } });
  });
});

describe('proposals take only clean text', () => {
  it('refuses a control character in a call title and a bidi isolate in a question; stores titles NFC', async () => {
    const head = await platform.store.headPosition();
    const tab = await call('proposals', 'POST', '/calls', 'admin', { callId: 'coastal-youth', details: aCallDetails({ title: 'Youth\tresilience' }) });
    await expectFieldRefused(tab, 'details.title', 'control characters (U+0009)', head);

    const drafted = await call('proposals', 'POST', '/calls', 'admin', { callId: 'coastal-youth', details: aCallDetails({ title: `${DECOMPOSED} call` }) });
    expect(drafted.status).toBe(201);
    const [event] = await platform.store.readStream(drafted.body.streamId);
    expect(event!.data).toMatchObject({ details: { title: `${COMPOSED} call` } });

    expect((await call('proposals', 'POST', '/calls/coastal-youth/publish', 'admin', {})).status).toBe(202);
    const beforeQuestion = await platform.store.headPosition();
    // Body validation comes before any rule of the call, so the question is refused for its text alone.
    const isolate = await call('proposals', 'POST', '/calls/coastal-youth/clarifications', 'partner', { question: 'Can two CBOs \u2067apply\u2069 jointly?' });
    await expectFieldRefused(isolate, 'question', 'bidirectional control characters (U+2067)', beforeQuestion);
  });
});
