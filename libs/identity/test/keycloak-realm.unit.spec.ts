import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keycloakRealmExport } from '../src/keycloak-realm';
import { DEMO_USERS } from '../src/demo-users';

describe('Keycloak realm export', () => {
  it('is the committed k8s/keycloak/realm-csm.json (run `npm run realm:export` after changing users)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'k8s', 'keycloak', 'realm-csm.json'), 'utf8'));
    expect(committed).toEqual(keycloakRealmExport());
  });

  it('gives every demo user the same roles and organisation as the embedded issuer', () => {
    const users = keycloakRealmExport().users;
    for (const demo of DEMO_USERS) {
      const user = users.find((u) => u.username === demo.username)!;
      expect(user.realmRoles).toEqual(demo.roles);
      expect(user.attributes.org_id).toEqual(demo.organizationId ? [demo.organizationId] : undefined);
    }
  });
});
