import type { Command } from 'commander';
import { registerSample } from './sample.js';
import { registerDoctor } from './doctor.js';
import { registerIngest } from './ingest.js';
import { registerTop } from './top.js';
import { registerDemo } from './demo.js';
import { registerShape } from './shape.js';
import { registerReport } from './report.js';
import { registerSchedule } from './schedule.js';
import { registerWorker } from './worker.js';
import { registerAdvise } from './advise.js';
import { registerAdviseNPlusOne } from './advise-n-plus-one.js';
import { registerAdviseReplicas } from './advise-replicas.js';
import { registerAgent } from './agent.js';

/**
 * One line per command, grouped by area in `qprof --help` (commandsGroup applies to the commands registered
 * after it); each module adds its subcommand with a real example in its help.
 */
export function registerCommands(program: Command): void {
  program.commandsGroup('Start here:');
  registerDemo(program);
  registerShape(program);

  program.commandsGroup('Collect (logs, statistics, the sidecar):');
  registerIngest(program);
  registerSample(program);
  registerAgent(program);
  registerDoctor(program);

  program.commandsGroup('Analyse and advise:');
  registerTop(program);
  registerAdvise(program);
  registerAdviseNPlusOne(program);
  registerAdviseReplicas(program);

  program.commandsGroup('Report and schedule:');
  registerReport(program);
  registerSchedule(program);
  registerWorker(program);
}
