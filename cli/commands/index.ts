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

/** One line per command; each module adds its subcommand with a real example in its help. */
export function registerCommands(program: Command): void {
  void program;
  registerSample(program);
  registerDoctor(program);
  registerIngest(program);
  registerTop(program);
  registerDemo(program);
  registerShape(program);
  registerReport(program);
  registerSchedule(program);
  registerWorker(program);
  registerAdvise(program);
  registerAdviseNPlusOne(program);
  registerAdviseReplicas(program);
  registerAgent(program);
}
