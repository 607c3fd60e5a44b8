// Keeps only the sessions of one user in a captured log read from stdin (other programs share the servers).
//   node filter-capture.mjs pg|mysql USER < raw.log > filtered.log
// pg: Debian prefix '%m [%p] %q%u@%d ': every line of a pid that logged as USER, with its tab continuation lines.
// mysql: the slow-log entries whose '# User@Host:' is USER; a '# Time:' line of a dropped entry moves to the next kept one.
import { readFileSync } from 'node:fs';

const [kind, user] = process.argv.slice(2);
const lines = readFileSync(0, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const out = [];
if (kind === 'pg') {
  const head = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[(\d+)\] (\S*)/;
  const pids = new Set();
  for (const line of lines) {
    const m = head.exec(line);
    if (m && m[2].startsWith(`${user}@`)) pids.add(m[1]);
  }
  let keep = false;
  for (const line of lines) {
    const m = head.exec(line);
    if (m) keep = pids.has(m[1]);
    if (keep) out.push(line);
  }
} else {
  let entry = [];
  let pendingTime = null;
  const flush = () => {
    if (entry.length === 0) return;
    const hostLine = entry.find((l) => l.startsWith('# User@Host:'));
    const time = entry.find((l) => l.startsWith('# Time:'));
    if (hostLine && hostLine.startsWith(`# User@Host: ${user}[`)) {
      if (!time && pendingTime) out.push(pendingTime);
      out.push(...entry);
      pendingTime = null;
    } else if (time) {
      pendingTime = time;
    }
    entry = [];
  };
  for (const line of lines) {
    // A new entry starts at '# Time:' or at '# User@Host:' not preceded by its '# Time:'.
    if (line.startsWith('# Time:') || (line.startsWith('# User@Host:') && !(entry.length === 1 && entry[0].startsWith('# Time:')))) flush();
    // Server banner lines (restart / FLUSH SLOW LOGS) belong to no session.
    if (/^(\/usr\/sbin\/|Tcp port:|Time\s+Id Command)/.test(line)) continue;
    entry.push(line);
  }
  flush();
}
process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
