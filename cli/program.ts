/**
 * The qprof command: wiring only. Each command lives in cli/commands/<name>.ts and calls into agent/,
 * storage/ and analyzer/.
 */
import { Command, CommanderError } from 'commander';
import { QprofError, ConfigError } from '../agent/errors.js';
import { registerCommands } from './commands/index.js';
import { defaults } from './defaults.js';

/** The program with the command `args` asks for registered (all of them when it names none). */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('qprof')
    .description('Query profiling for PostgreSQL and MySQL/MariaDB: query shapes, top queries, index, N+1 and replica advice.')
    .option('--db <path>', 'the qprof store (SQLite file); env QPROF_DB', process.env.QPROF_DB || defaults.dbPath)
    .option('--target <name>', 'which monitored database (default: derived from the DSN or file name)')
    .option('--debug', 'print stack traces of errors')
    .option('--json', 'machine-readable output, for commands whose output is data (also accepted after the command)')
    .enablePositionalOptions(false)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ npm run demo                                   # everything on bundled captures, no server needed
  $ qprof shape "SELECT * FROM orders WHERE id = 42"
  $ qprof ingest /var/lib/postgresql/15/main/log/postgresql-*.json
  $ qprof sample --pg postgres://qprof@127.0.0.1:5432/shop --catalog
  $ qprof top --since 24h --by total --limit 10
  $ qprof advise indexes --validate postgres://qprof@127.0.0.1:5432/shop

Each command has its own help with examples: qprof <command> --help`);
  // Before registering: subcommands copy inherited settings when they are created, so a usage error inside
  // any of them reaches main() as a CommanderError (exit 2) instead of process.exit(1).
  program.exitOverride();
  await registerCommands(program, args);
  // `qprof --json top` means `qprof top --json`: hand the global flag to the command that runs, when it has one.
  program.hook('preAction', (root, actionCommand) => {
    if (root.opts().json && actionCommand.options.some((o) => o.long === '--json')) actionCommand.setOptionValue('json', true);
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv as string[]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; usage errors 2 (commander already printed the message)
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof QprofError) {
      const hint = error.hint ? ` (${error.hint})` : '';
      process.stderr.write(`qprof: ${error.message}${hint}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    process.stderr.write(`qprof: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

