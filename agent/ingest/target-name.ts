/**
 * The target a log file belongs to when `--target` is not given: its file name without the directory,
 * compression, rotation and date parts, so every rotation of one server's log lands in one target.
 *   /var/log/postgresql/postgresql-15-main.log.2.gz   → postgresql-15-main
 *   /var/lib/postgresql/15/main/log/postgresql-2026-11-26_205405.csv → postgresql
 *   /var/log/mysql/mariadb-slow.log                   → mariadb-slow
 *   slow-Mon.log                                      → slow
 * Pure.
 */
const suffixes: readonly RegExp[] = [
  /\.(gz|bz2|xz|zst)$/i, // compression
  /([.-]\d{1,3})+$/, // logrotate numbers: .1, .2, -3
  /[-_.]?\d{4}-?\d\d-?\d\d(?:[-_T]?\d{2,6})?$/, // log_filename dates (postgresql-%Y-%m-%d_%H%M%S), dateext
  /\.(log|csv|json|txt|slow)$/i,
  /[-_.](mon|tue|wed|thu|fri|sat|sun)$/i, // log_filename = 'postgresql-%a.log'
];

export function deriveTargetName(path: string): string {
  let name = path.split(/[\\/]/).pop() ?? path;
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of suffixes) {
      const next = name.replace(suffix, '');
      if (next !== name && next.length > 0) {
        name = next;
        changed = true;
      }
    }
  }
  return name.replace(/^[-_.]+|[-_.]+$/g, '') || 'log';
}
