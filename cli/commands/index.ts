import type { Command } from 'commander';

/** One line per command; each module adds its subcommand with a real example in its help. */
export function registerCommands(program: Command): void {
  void program;
}
