import type { Command } from 'commander';
import { registerShape } from './shape.js';

/** One line per command; each module adds its subcommand with a real example in its help. */
export function registerCommands(program: Command): void {
  void program;
  registerShape(program);
}
