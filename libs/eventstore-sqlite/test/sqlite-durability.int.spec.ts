import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../src/sqlite-event-store';

jest.setTimeout(60_000);

const STREAMS = ['tick-a', 'tick-b', 'tick-c', 'tick-d'];

/**
 * Runs the writer child until `count` appends were acknowledged, then SIGKILLs it: no exit
 * handler, no flush, no close. Gives up (and kills) after `limitMs`, whatever happened.
 */
const runAndKill = (file: string, count: number, limitMs: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'append-forever.ts'), file, ...STREAMS], {
      // The repository root, so tsx finds tsconfig.base.json and its @csm/* paths.
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
      if (acked.length >= count && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      if (timedOut) reject(new Error(`only ${acked.length} of ${count} appends acknowledged within ${limitMs} ms: ${stderr}`));
      else if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });

it('keeps every acknowledged append after kill -9, in a consistent database with contiguous revisions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-durability-'));
  const file = join(dir, 'events.db');
  try {
    const acked = await runAndKill(file, 2000, 45_000);
    expect(acked.length).toBeGreaterThanOrEqual(2000);

    // Opening runs WAL recovery; then SQLite itself vouches for the file.
    const store = await SqliteEventStore.open({ file });
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }

    const all = await store.readAll({ maxCount: 1_000_000 });
    const stored = new Set(all.map((e) => e.eventId));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
    for (const stream of STREAMS) {
      const revisions = (await store.readStream(stream)).map((e) => e.streamRevision);
      expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
