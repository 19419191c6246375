import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createEmbeddedIssuer } from '../src/embedded-issuer';
import { describeIdentityProviderContract } from './identity-provider.contract';

describeIdentityProviderContract('embedded issuer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-idp-'));
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const issuer = await createEmbeddedIssuer({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keyFile: join(dir, 'key.json') });
  app.use(issuer.router);
  return {
    issuer: issuer.issuer,
    dispose: async () => {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
