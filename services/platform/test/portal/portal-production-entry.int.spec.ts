import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

jest.setTimeout(60_000);

const REPO = resolve(__dirname, '../../../..');

/** The portal's container entry stops at start, naming each variable it lacks (it is run whole by the Keycloak browser tests). */
describe('the portal’s production entry', () => {
  it('refuses to start without its configuration, naming every missing variable, with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/portal/src/main.ts'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', CSM_PORTAL_URL: 'not a url' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (d) => (errors += String(d)));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(2);
    const named = errors
      .split('\n')
      .filter((line) => line.startsWith('Invalid configuration '))
      .map((line) => line.split(':')[0]!.replace('Invalid configuration ', ''));
    expect(named).toEqual(['CSM_REGISTRATION_URL', 'CSM_PROPOSALS_URL', 'OIDC_ISSUER', 'CSM_PORTAL_URL', 'MONGODB_URI']);
  });
});
