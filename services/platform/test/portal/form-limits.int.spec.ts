import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmbeddedPlatform, type EmbeddedPlatform } from '../../src';

jest.setTimeout(60_000);

let platform: EmbeddedPlatform;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-portal-forms-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
});
afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${platform.urls.portal}/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

const pageOf = async (response: Response) => {
  const html = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), title: /<h1>([^<]*)<\/h1>/.exec(html)?.[1] };
};

describe('forms the portal cannot read get a page saying so, never a 500', () => {
  it('answers a body over the form limit with 413 and the "too large" page', async () => {
    const response = await post(`csrf=x&answer=${'a'.repeat(300 * 1024)}`);
    expect(await pageOf(response)).toEqual({ status: 413, type: 'text/html; charset=utf-8', title: 'Your form was too large to send' });
  });

  it('answers a form of too many fields with 413 too', async () => {
    const response = await post(Array.from({ length: 600 }, (_, i) => `field${i}=x`).join('&'));
    expect(await pageOf(response)).toEqual({ status: 413, type: 'text/html; charset=utf-8', title: 'Your form was too large to send' });
  });

  it('says so in Kiswahili to a person who reads the portal in Kiswahili', async () => {
    const response = await post(`answer=${'a'.repeat(300 * 1024)}`, { cookie: 'csm_lang=sw' });
    expect(await pageOf(response)).toEqual({ status: 413, type: 'text/html; charset=utf-8', title: 'Fomu yako ni kubwa mno kutumwa' });
  });

  it('answers a charset it does not read with 415 and the "could not read" page', async () => {
    const response = await post('csrf=x', { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' });
    expect(await pageOf(response)).toEqual({ status: 415, type: 'text/html; charset=utf-8', title: 'We could not read your form' });
  });

  it('answers a compressed body that does not decompress with 400 and the "could not read" page', async () => {
    const broken = gzipSync('csrf=x').subarray(0, 8);
    const response = await post(broken, { 'content-encoding': 'gzip' });
    expect(await pageOf(response)).toEqual({ status: 400, type: 'text/html; charset=utf-8', title: 'We could not read your form' });
  });

  it('still refuses a readable form without the session’s token (403), as before', async () => {
    const response = await post('csrf=guessed');
    expect(await pageOf(response)).toEqual({ status: 403, type: 'text/html; charset=utf-8', title: 'You cannot do that' });
  });
});
