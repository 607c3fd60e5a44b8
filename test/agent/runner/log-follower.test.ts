/**
 * The agent's log tailing on a real capture (fixtures/logs/pg-json.json): a log_filename with a timestamp
 * followed through a `*` pattern, appended to while running, switched to a newer file, resumed after the agent
 * restarts. Every statement is counted once: the store ends equal to `qprof ingest` of the same lines.
 */
import test from 'ava';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openStore, type Db } from '../../../storage/db.js';
import { resolveAgentConfig } from '../../../cli/config.js';
import { createAgent } from '../../../cli/commands/agent.js';
import { runIngest } from '../../../cli/commands/ingest.js';
import { waitFor } from '../../cli/agent-process.js';

const fixture = readFileSync(new URL('../../../../fixtures/logs/pg-json.json', import.meta.url), 'utf8');
const lines = fixture.split('\n').filter(Boolean);
const logCalls = (db: Db): number => (db.prepare("SELECT coalesce(sum(calls), 0) AS n FROM stat_buckets WHERE source = 'log'").get() as { n: number }).n;

test('a * pattern follows the files in order; appends, a switch and a rotation while the agent was down count every statement once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-tail-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // What one pass of `qprof ingest` stores for the capture.
  writeFileSync(join(dir, 'whole.json'), fixture);
  await runIngest([join(dir, 'whole.json')], { db: join(dir, 'reference.db'), format: 'pg-json', target: 'ref', progress: false }, () => {});
  const reference = openStore(join(dir, 'reference.db'));
  const once = logCalls(reference);
  reference.close();
  t.true(once > 10);

  const config = resolveAgentConfig({ http: { enabled: false }, logPollMs: 50,
    targets: [{ name: 'pg-logs', logs: [{ path: join(dir, 'postgresql-*.json'), format: 'pg-json' }] }] }, {}, {});
  const db = openStore(join(dir, 'agent.db'));
  t.teardown(() => db.close());
  const log = pino({ level: 'silent' });
  const half = Math.floor(lines.length / 2);
  const first = join(dir, 'postgresql-2026-11-26_000000.json');
  writeFileSync(first, `${lines.slice(0, half).join('\n')}\n`);

  let agent = await createAgent(config, db, log);
  await agent.start();
  const status = (): { events: number; file: string | null } => agent.snapshot().logs[0]!;
  await waitFor('the first half', () => status().events > 0, 10_000, 50);
  const firstHalfEvents = status().events;
  appendFileSync(first, `${lines.slice(half).join('\n')}\n`);
  await waitFor('the appended half', () => status().events > firstHalfEvents, 10_000, 50);
  // log_filename with a timestamp: the server opens a newer file; the old one is read to its end.
  const second = join(dir, 'postgresql-2026-11-26_010000.json');
  writeFileSync(second, fixture);
  await waitFor('the switch', () => status().file === second, 10_000, 50);
  t.is(logCalls(db), once, 'the first file, finished at the switch, is counted exactly once');
  await agent.stop();

  // The server moves on to a third file while the agent is down: the next agent resumes the second file at its
  // checkpoint, finishes it, then goes on to the third.
  writeFileSync(join(dir, 'postgresql-2026-11-26_020000.json'), '');
  agent = await createAgent(config, db, log);
  await agent.start();
  await waitFor('the second switch', () => status().file?.endsWith('020000.json') ?? false, 10_000, 50);
  await agent.stop();
  t.is(logCalls(db), 2 * once, 'both files, once each, across an agent restart');
  t.is(agent.snapshot().logs[0]!.rejects, 0);
});
