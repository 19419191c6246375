import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keycloakRealmExport } from '@csm/identity';

// Rewrites k8s/keycloak/realm-csm.json from the demo users and clients in libs/identity.
const file = join(__dirname, '..', '..', 'k8s', 'keycloak', 'realm-csm.json');
writeFileSync(file, `${JSON.stringify(keycloakRealmExport(), null, 2)}\n`);
console.log(`wrote ${file}`);
