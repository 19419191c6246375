import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The official IATI 2.03 schemas, copied into the project with their README (contracts/standards/iati-2.03). */
export const IATI_ACTIVITIES_SCHEMA = resolve(__dirname, '../../../contracts/standards/iati-2.03/iati-activities-schema.xsd');

/** Whether `xmllint` (Debian: libxml2-utils) is on the PATH. */
export const xmllintInstalled = (): boolean => spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

/** `xmllint --noout --schema` on `xml`: `valid` and what xmllint said (its errors name the element and the line). */
export const validateIati = (xml: string): { valid: boolean; output: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-iati-'));
  try {
    const file = join(dir, 'activities.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', IATI_ACTIVITIES_SCHEMA, file], { encoding: 'utf8' });
    return { valid: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * `it` that runs only where xmllint is installed; elsewhere a skipped test whose name and console
 * line start with `SKIPPED: xmllint not installed`, counted as skipped, never as passed (.ci/run
 * installs it).
 */
export const itWithXmllint = (title: string, body: () => Promise<void> | void, timeout?: number): void => {
  if (xmllintInstalled()) {
    it(title, async () => {
      await body();
    }, timeout);
    return;
  }
  console.log(`SKIPPED: xmllint not installed (apt-get install -y libxml2-utils): ${title}`);
  it.skip(`SKIPPED: xmllint not installed: ${title}`, () => undefined);
};
