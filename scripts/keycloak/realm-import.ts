import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTAL_URL, realmImportManifest, type Realm } from './realm-import-manifest';

// Rewrites k8s/keycloak/realm-import.yaml from k8s/keycloak/realm-csm.json (run after realm:export).
const folder = join(__dirname, '..', '..', 'k8s', 'keycloak');
const exported = JSON.parse(readFileSync(join(folder, 'realm-csm.json'), 'utf8')) as Realm;
const file = join(folder, 'realm-import.yaml');
writeFileSync(file, realmImportManifest(exported, process.env.CSM_PORTAL_URL ?? DEFAULT_PORTAL_URL));
console.log(`wrote ${file}`);
