import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { createServiceApp } from '../src/service-app';
import { route } from '../src/routes';

/** A body whose Content-Encoding lies is the client's mistake: a 400 problem, never a 500. */
let server: Server;
let baseUrl: string;
const logged: unknown[] = [];

beforeAll(async () => {
  const app = createServiceApp({
    serviceName: 'encoding-test',
    version: '0.0.0',
    authenticate: (_req, _res, next) => next(),
    readiness: [],
    log: (_message, error) => logged.push(error),
    routes: [
      route({
        method: 'post',
        path: '/echo',
        summary: 'Echo the body',
        access: 'public',
        body: z.object({ text: z.string() }),
        success: { status: 200, description: 'The body', body: z.object({ text: z.string() }) },
        handler: async ({ body, res }) => void res.json(body),
      }),
    ],
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string | Buffer, encoding: string) =>
  fetch(`${baseUrl}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });

describe('Content-Encoding of a request body', () => {
  it.each(['gzip', 'deflate', 'br', 'GZIP'])('answers plain JSON sent as %s with a 400 problem, anonymously', async (encoding) => {
    const response = await post('{"text":"hello"}', encoding);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: 'https://csm.go.ke/problems/undecodable-body', status: 400, instance: '/echo' });
    expect(logged).toEqual([]);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('still reads a body really sent as %s', async (encoding, compress) => {
    const response = await post(compress(Buffer.from('{"text":"hello"}')), encoding);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'hello' });
  });

  it('refuses an encoding it does not know with 415', async () => {
    const response = await post('{"text":"hello"}', 'x-unknown');
    expect(response.status).toBe(415);
    expect(((await response.json()) as { type: string }).type).toBe('https://csm.go.ke/problems/unsupported-media-type');
  });
});
