import test from 'ava';
import { rmSync } from 'node:fs';
import { demoSteps, runDemo } from '../../cli/commands/demo.js';

test('the demo ingests the bundled captures of every format and shows top shapes for both engines', async (t) => {
  const out: string[] = [];
  const ctx = await runDemo((s) => out.push(s));
  t.teardown(() => rmSync(ctx.dir, { recursive: true, force: true }));
  const text = out.join('');
  const formats = new Set(ctx.ingested.map((i) => i.result.format));
  for (const format of ['pg-stderr', 'pg-csv', 'pg-json', 'mysql-slow']) t.true(formats.has(format as never), format);
  t.true(ctx.ingested.every((i) => i.result.rejects === 0));
  t.notRegex(text, /skipped/);
  t.truthy(ctx.mainTarget.postgres);
  t.truthy(ctx.mainTarget.mysql);
  t.regex(text, /postgres, target .*\n\s+#\s+total\s+share/);
  t.regex(text, /mysql, target .*\n\s+#\s+total\s+share/);
  t.regex(text, /UPDATE qprof_capture\.customers SET country = \$1 WHERE id = \$2/);
});

test('demo steps are a list: a later step sees the store the earlier ones filled', async (t) => {
  let seen = 0;
  const ctx = await runDemo(() => {}, [demoSteps[0]!, { title: 'count', run: (c) => { seen = c.ingested.length; } }]);
  t.teardown(() => rmSync(ctx.dir, { recursive: true, force: true }));
  t.true(seen >= 4);
});
