/**
 * The target a log file belongs to when `--target` is not given: its file name without the directory,
 * compression, rotation and date parts, so every rotation of one server's log lands in one target.
 *   /var/log/postgresql/postgresql-15-main.log.2.gz   → postgresql-15-main
 *   /var/lib/postgresql/15/main/log/postgresql-2026-11-26_205405.csv → postgresql
 *   /var/log/mysql/mariadb-slow.log                   → mariadb-slow
 *   slow-Mon.log                                      → slow
 * Pure.
 */
export function deriveTargetName(path: string): string {
  let name = path.split(/[\\/]/).pop() ?? path;
  name = name.replace(/\.(gz|bz2|xz|zst)$/i, '');
  name = name.replace(/([.-]\d{1,3})+$/, ''); // logrotate numbers: .1, .2, -3
  name = name.replace(/\.(log|csv|json|txt|slow)$/i, '');
  // dates and times of log_filename patterns (postgresql-%Y-%m-%d_%H%M%S) and dateext rotations
  name = name.replace(/[-_.]?\d{4}-?\d\d-?\d\d(?:[-_T]?\d{2,6})?$/, '');
  name = name.replace(/[-_.](mon|tue|wed|thu|fri|sat|sun)$/i, '');
  return name.replace(/[-_.]+$/, '') || 'log';
}
