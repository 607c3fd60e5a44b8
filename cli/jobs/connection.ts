/** Redis for BullMQ: the URL, a quick reachability probe with a clear error, and the connection options. */
import { Redis } from 'ioredis';
import { ConfigError, SourceUnavailableError, redactDsn } from '../../agent/errors.js';

/** Default Redis URL (`--redis`, env QPROF_REDIS_URL). */
export const defaultRedisUrl = 'redis://127.0.0.1:6379';
/** Key prefix of qprof's queues (`--queue-prefix`, env QPROF_QUEUE_PREFIX); tests use their own. */
export const defaultQueuePrefix = 'qprof';

export function resolveRedisUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = flag ?? env.QPROF_REDIS_URL ?? defaultRedisUrl;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`"${redactDsn(url)}" is not a Redis URL`, 'use redis://[user:pass@]host:6379[/db] or rediss://… for TLS');
  }
  if (!['redis:', 'rediss:'].includes(parsed.protocol)) {
    throw new ConfigError(`"${redactDsn(url)}" is not a Redis URL`, 'use redis://[user:pass@]host:6379[/db] or rediss://… for TLS');
  }
  return url;
}

/** Options for BullMQ queues and workers: blocking commands need maxRetriesPerRequest null. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** Fail fast with one line when Redis cannot be reached (for commands that run once). */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // connect() only says "Connection is closed"; the socket error that caused it comes as an event.
  let cause: unknown = null;
  client.on('error', (error) => { cause ??= error; });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new SourceUnavailableError(`cannot reach Redis at ${redactDsn(url)}: ${describeRedisError(cause ?? error)}`,
      'start Redis or pass --redis redis://host:6379 (env QPROF_REDIS_URL)', { cause: error });
  } finally {
    client.disconnect();
  }
}

export function describeRedisError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  return e.code ?? e.errors?.[0]?.message ?? e.message ?? String(error);
}
