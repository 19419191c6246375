import { randomUUID } from 'node:crypto';
import { keycloakRealmExport } from '@csm/identity';

/**
 * A realm of a test's own on the shared Keycloak, made from the current realm export (users
 * included). The shared `csm` realm was imported when Keycloak started, perhaps from an older
 * export, and that server is not ours to restart. Created and deleted through the admin REST API
 * with the local-only admin/admin credentials scripts/infra/keycloak.sh sets (override with
 * KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD).
 */
export class PrivateKeycloakRealm {
  private constructor(
    readonly keycloak: string,
    readonly name: string,
    private adminToken: string,
  ) {}

  get issuer(): string {
    return `${this.keycloak}/realms/${this.name}`;
  }

  static async create(keycloak: string, changes: Record<string, unknown> = {}): Promise<PrivateKeycloakRealm> {
    const realm = new PrivateKeycloakRealm(keycloak, `csm-portal-${randomUUID().slice(0, 8)}`, await adminTokenOf(keycloak));
    const created = await realm.admin('', { method: 'POST', body: JSON.stringify({ ...keycloakRealmExport(), ...changes, realm: realm.name }) });
    if (created.status !== 201) throw new Error(`creating realm ${realm.name}: ${created.status} ${await created.text()}`);
    return realm;
  }

  /** Changes realm settings (e.g. `accessTokenLifespan`) from now on. */
  async update(changes: Record<string, unknown>): Promise<void> {
    const response = await this.admin(`/${this.name}`, { method: 'PUT', body: JSON.stringify(changes) });
    if (response.status !== 204) throw new Error(`updating realm ${this.name}: ${response.status} ${await response.text()}`);
  }

  /** Ends every session of a user, as "Sign out" on the user's Sessions tab does. */
  async endSessionsOf(username: string): Promise<void> {
    const found = (await (await this.admin(`/${this.name}/users?exact=true&username=${encodeURIComponent(username)}`)).json()) as { id: string }[];
    if (found.length !== 1) throw new Error(`user ${username} not found in ${this.name}`);
    const response = await this.admin(`/${this.name}/users/${found[0]!.id}/logout`, { method: 'POST' });
    if (response.status !== 204) throw new Error(`logout of ${username}: ${response.status}`);
  }

  async delete(): Promise<void> {
    await this.admin(`/${this.name}`, { method: 'DELETE' });
  }

  private async admin(path: string, init: RequestInit = {}): Promise<Response> {
    const call = () =>
      fetch(`${this.keycloak}/admin/realms${path}`, {
        ...init,
        headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
      });
    let response = await call();
    // The master realm's admin tokens live a minute: a long test asks for a fresh one.
    if (response.status === 401) {
      this.adminToken = await adminTokenOf(this.keycloak);
      response = await call();
    }
    return response;
  }
}

const adminTokenOf = async (keycloak: string): Promise<string> => {
  const response = await fetch(`${keycloak}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    }),
  });
  if (response.status !== 200) throw new Error(`Keycloak admin token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
};
