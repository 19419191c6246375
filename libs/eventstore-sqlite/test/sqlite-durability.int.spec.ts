import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/sqlite-event-store';

jest.setTimeout(60_000);

/** Collects acknowledged ids from the child until `count` are in, then SIGKILLs it. */
const runAndKill = (file: string, count: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'append-forever.ts'), file], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
      if (acked.length >= count && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited without being killed: ${stderr}`))));
    setTimeout(() => {
      child.kill('SIGKILL');
    }, 45_000).unref();
  });

it('keeps every acknowledged append after kill -9, with contiguous revisions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-durability-'));
  const file = join(dir, 'events.db');
  try {
    const acked = await runAndKill(file, 2000);
    expect(acked.length).toBeGreaterThanOrEqual(2000);

    const store = await SqliteEventStore.open({ file });
    const all = await store.readAll({ maxCount: 1_000_000 });
    const stored = new Set(all.map((e) => e.eventId));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    for (const stream of ['tick-a', 'tick-b', 'tick-c', 'tick-d']) {
      const revisions = (await store.readStream(stream)).map((e) => Number(e.streamRevision));
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
