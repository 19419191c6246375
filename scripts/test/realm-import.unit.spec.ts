import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { realmImportManifest, type Realm } from '../keycloak/realm-import-manifest';

/** k8s/keycloak/realm-import.yaml is generated from realm-csm.json (npm run realm:import-manifest); they must agree. */
const folder = join(__dirname, '..', '..', 'k8s', 'keycloak');
const exported = JSON.parse(readFileSync(join(folder, 'realm-csm.json'), 'utf8')) as Realm;
const committed = readFileSync(join(folder, 'realm-import.yaml'), 'utf8');
const portalUrl = /CSM_PORTAL_URL when generated\): (\S+)/.exec(committed)?.[1] ?? '';
type Client = Record<string, unknown> & { clientId: string };
const realmOf = (manifest: string) => (parse(manifest) as { spec: { realm: Realm } }).spec.realm;

describe('the KeycloakRealmImport agrees with the realm export', () => {
  it('is exactly what the generator makes of realm-csm.json today (run `npm run realm:import-manifest` after `npm run realm:export`)', () => {
    expect(portalUrl).toMatch(/^https:\/\//);
    expect(committed).toBe(realmImportManifest(exported, portalUrl));
  });

  it('holds the realm as exported, less the demo users, with the portal on its real address and no password grant', () => {
    const { users: _users, clients: exportedClients, ...rest } = exported;
    const { clients, ...imported } = realmOf(committed);
    expect(imported).toEqual(rest);
    expect(realmOf(committed)).not.toHaveProperty('users');
    const byId = new Map((clients as Client[]).map((c) => [c.clientId, c]));
    for (const client of exportedClients as Client[]) {
      if (client.clientId !== 'csm-portal') expect(byId.get(client.clientId)).toEqual(client);
      else
        expect(byId.get('csm-portal')).toEqual({
          ...client,
          directAccessGrantsEnabled: false,
          redirectUris: [`${portalUrl}/*`],
          webOrigins: [portalUrl],
        });
    }
    expect([...byId.keys()]).toEqual((exportedClients as Client[]).map((c) => c.clientId));
  });

  it('a change to the export makes the committed import disagree', () => {
    const changed = { ...exported, accessTokenLifespan: 301 };
    expect(realmImportManifest(changed, portalUrl)).not.toBe(committed);
  });
});
