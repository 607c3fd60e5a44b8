/** `qprof shape "<sql>" [--engine postgres|mysql] [--json]`: why two statements share a shape. Wiring + text layout. */
import { Option, type Command } from 'commander';
import type { Engine } from '../../agent/events.js';
import { ConfigError } from '../../agent/errors.js';
import { describeShape, fingerprint, loadShapeParsers, type Fingerprint, type ShapeDescription, type TableFeatures } from '../../agent/shape/index.js';

interface ShapeOptions { engine: Engine; json?: boolean }

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function renderTable(table: TableFeatures): string[] {
  const name = table.schema ? `${table.schema}.${table.name}` : table.name;
  const aliases = table.aliases.length ? ` (${table.aliases.join(', ')})` : '';
  const parts: string[] = [];
  const add = (label: string, values: readonly string[]) => { if (values.length) parts.push(`${label}: ${values.join(', ')}`); };
  add('eq', table.equality);
  add('in', table.in);
  add('range', table.range);
  add('like-prefix', table.likePrefix);
  add('is-null', table.isNull);
  add('not-null', table.isNotNull);
  add('join', table.join);
  add('order', table.orderBy.map((o) => `${o.column} ${o.direction}`));
  add('group', table.groupBy);
  add('expr', table.expressions.map((e) => `${e.expression} (${e.op})`));
  return [`  ${name}${aliases} ${table.access}`, ...(parts.length ? [`    ${parts.join('  ')}`] : [])];
}

/** Control characters (a pasted binary, an ESC sequence in a log line) are shown escaped, never sent to the terminal. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

export function renderShapeText(shape: Fingerprint, description: ShapeDescription): string {
  const f = description.features;
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  const tags = Object.entries(shape.tags).map(([k, v]) => `${k}=${v}`).join(' ');
  const functions = f.functions.map((fn) => `${fn.name} (${fn.volatility}${fn.volatile ? '!' : ''})`).join(', ');
  const lines = [
    `id          ${shape.id}`,
    `engine      ${shape.engine}`,
    `normalized  ${shape.normalized}`,
    `parsed      ${description.parsed ? 'yes' : `no: ${description.error ?? 'unknown error'} (features below from a token scan)`}`,
    `kind        ${f.kind}`,
    ...(shape.truncated ? ['truncated   yes (the statement text was cut short)'] : []),
    ...(tags ? [`tags        ${tags}`] : []),
    `limit ${yesNo(f.limit)}  offset ${yesNo(f.offset)}  lock ${f.lock ?? 'none'}  subqueries ${f.subqueries}  writes in CTE ${yesNo(f.writesInCte)}  select into ${yesNo(f.selectInto)}`,
    ...(functions ? [`functions   ${functions}`] : []),
    ...(f.tables.length ? ['tables', ...f.tables.flatMap(renderTable)] : []),
  ];
  const likes = f.tables.some((t) => t.likePrefix.length > 0);
  if (likes) lines.push('note: LIKE with a placeholder counts as a prefix match; its value decides whether an index helps');
  return `${lines.map(escapeControls).join('\n')}\n`;
}

export function registerShape(program: Command): void {
  program.command('shape')
    .description('show the shape of a statement: id, normalized text, parsed flag, kind, tags and features')
    .argument('<sql>', 'the statement, or - to read it from stdin')
    .addOption(new Option('--engine <engine>', 'SQL dialect').choices(['postgres', 'mysql']).default('postgres'))
    .option('--json', 'print the result as JSON')
    // usage errors (a bad --engine) reach main() and exit 2; subcommands do not inherit the program's override
    .exitOverride()
    .addHelpText('after', `
Two statements with the same id are one shape (literals, IN-list lengths, comments and case do not matter).
Examples:
  $ qprof shape "SELECT * FROM orders WHERE customer_id = 42 AND status IN ('new', 'paid') ORDER BY id DESC LIMIT 10"
  $ qprof shape --engine mysql "SELECT c FROM sbtest1 FORCE INDEX (k_1) WHERE id = 7" --json
  $ echo "SELECT 1" | qprof shape -`)
    .action(async (sql: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ShapeOptions>();
      const text = sql === '-' ? await readStdin() : sql;
      if (text.trim() === '') throw new ConfigError(sql === '-' ? 'qprof shape: stdin held no statement' : 'qprof shape: the statement is empty', 'pass the SQL text in quotes, or - to read it from stdin');
      await loadShapeParsers();
      const shape = fingerprint(text, opts.engine);
      const description = describeShape(shape.normalized, opts.engine);
      if (opts.json) {
        const { parsed, error, features } = description;
        process.stdout.write(`${JSON.stringify({ ...shape, parsed, ...(error ? { error } : {}), features }, null, 2)}\n`);
      } else {
        process.stdout.write(renderShapeText(shape, description));
      }
    });
}
