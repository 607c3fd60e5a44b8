/**
 * Known failures. The CLI prints `message` (plus `hint`) on one line and exits 1 without a stack trace,
 * unless `--debug`. Anything else is a bug and shows its stack.
 */
export class QprofError extends Error {
  /** What the user can do about it, printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, config files or environment: exit code 2 when raised while reading options. */
export class ConfigError extends QprofError {}

/** A database, Redis, SMTP server or file that cannot be reached or read. */
export class SourceUnavailableError extends QprofError {}

/** Input that cannot be used at all (a log whose format cannot be detected), with `file:line` when known. */
export class ParseError extends QprofError {
  constructor(message: string, readonly file?: string, readonly line?: number, hint?: string) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : message, hint);
  }
}

/** Redact the password of a DSN wherever it is echoed: `postgres://app:***@127.0.0.1/shop`. */
export function redactDsn(dsn: string): string {
  return dsn.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
}
