import type { Command } from 'commander';

type Register = (program: Command) => void;

interface CommandModule {
  /** Top-level command names the module registers. */
  readonly names: readonly string[];
  /** Help heading (commandsGroup applies to the commands registered after it). */
  readonly group: string;
  readonly load: () => Promise<readonly Register[]>;
}

/**
 * Every command, grouped by area in `qprof --help`, loaded on demand: a command's module pulls in its drivers
 * (pg, mysql2, bullmq, ioredis, nodemailer…), and loading all of them cost ~1 s of CPU and ~90 MiB before
 * `qprof ingest` read a byte. Each module adds its subcommand with a real example in its help.
 */
const modules: readonly CommandModule[] = [
  { names: ['demo'], group: 'Start here:', load: async () => [(await import('./demo.js')).registerDemo] },
  { names: ['shape'], group: 'Start here:', load: async () => [(await import('./shape.js')).registerShape] },
  { names: ['ingest'], group: 'Collect (logs, statistics, the sidecar):', load: async () => [(await import('./ingest.js')).registerIngest] },
  { names: ['sample'], group: 'Collect (logs, statistics, the sidecar):', load: async () => [(await import('./sample.js')).registerSample] },
  { names: ['agent'], group: 'Collect (logs, statistics, the sidecar):', load: async () => [(await import('./agent.js')).registerAgent] },
  { names: ['doctor'], group: 'Collect (logs, statistics, the sidecar):', load: async () => [(await import('./doctor.js')).registerDoctor] },
  { names: ['top'], group: 'Analyse and advise:', load: async () => [(await import('./top.js')).registerTop] },
  {
    names: ['advise'], group: 'Analyse and advise:',
    load: async () => {
      const [indexes, nPlusOne, replicas] = await Promise.all([import('./advise.js'), import('./advise-n-plus-one.js'), import('./advise-replicas.js')]);
      return [indexes.registerAdvise, nPlusOne.registerAdviseNPlusOne, replicas.registerAdviseReplicas];
    },
  },
  { names: ['report'], group: 'Report and schedule:', load: async () => [(await import('./report.js')).registerReport] },
  { names: ['schedule'], group: 'Report and schedule:', load: async () => [(await import('./schedule.js')).registerSchedule] },
  { names: ['worker'], group: 'Report and schedule:', load: async () => [(await import('./worker.js')).registerWorker] },
];

/** The first argument that names a command (options and their values come before it or not at all). */
function requestedCommand(args: readonly string[]): string | undefined {
  const names = new Set(modules.flatMap((m) => m.names));
  return args.find((arg) => names.has(arg));
}

/**
 * Register the command `args` asks for, or every command when it names none (`--help`, `help`, a typo, which
 * commander then reports with the full list).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const wanted = requestedCommand(args);
  for (const module of modules) {
    if (wanted !== undefined && !module.names.includes(wanted)) continue;
    program.commandsGroup(module.group);
    for (const register of await module.load()) register(program);
  }
}
