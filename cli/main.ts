#!/usr/bin/env node
import { main } from './program.js';

// `qprof top | head` closes stdout early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
  throw error;
});

process.exitCode = await main(process.argv);
