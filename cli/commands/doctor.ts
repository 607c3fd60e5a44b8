/** `qprof doctor --pg URL | --mysql URL`: check extension, privileges and settings; exit 1 when a check fails. Wiring only. */
import type { Command } from 'commander';
import { checkMysql } from '../../agent/doctor/mysql-checks.js';
import { fetchMysqlFacts } from '../../agent/doctor/mysql-probe.js';
import { checkPostgres } from '../../agent/doctor/pg-checks.js';
import { fetchPgFacts } from '../../agent/doctor/pg-probe.js';
import { renderFindings } from '../../agent/doctor/types.js';
import { openMonitorSession } from '../sampling/engines.js';
import { chooseDatabase } from '../sampling/targets.js';

interface DoctorOptions { pg?: string | boolean; mysql?: string; json?: boolean; target?: string }

export function registerDoctor(program: Command): void {
  program.command('doctor')
    .description('check that a database is set up for qprof (extension, privileges, settings) and say how to fix what is not')
    .option('--pg [url]', 'PostgreSQL URL (without a value: DATABASE_URL or the PG* variables)')
    .option('--mysql <url>', 'MySQL / MariaDB URL')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', `
Exit code 1 when a required check fails (✗); warnings (!) degrade a feature but sampling works.
Examples:
  $ qprof doctor --pg postgres://qprof@127.0.0.1:5432/shop
  $ qprof doctor --mysql mysql://qprof@127.0.0.1:3306/shop`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DoctorOptions>();
      const choice = chooseDatabase(opts, process.env);
      const session = await openMonitorSession(choice, process.env);
      try {
        const findings = choice.engine === 'postgres' ? checkPostgres(await fetchPgFacts(session)) : checkMysql(await fetchMysqlFacts(session, 'schema' in session ? (session.schema as string | null) : null));
        process.stdout.write(opts.json ? `${JSON.stringify(findings, null, 2)}\n` : renderFindings(`${choice.targetName} (${session.display})`, findings));
        if (findings.some((f) => f.status === 'fail')) process.exitCode = 1;
      } finally {
        await session.close();
      }
    });
}
