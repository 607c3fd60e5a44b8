/**
 * Runs the catalog readers of one engine, one kind at a time: a kind that fails (privilege, missing view)
 * is reported and skipped; only a lost connection aborts. I/O only through the callbacks.
 */
import { errorCode, unreachableCodes } from '../stats/queryable.js';
import type { CatalogReading, CatalogSnapshot } from './types.js';

type Parts = Partial<Omit<CatalogSnapshot, 'takenMs'>>;

/** PostgreSQL connection-class SQLSTATEs (08xxx, admin shutdown 57P0x) and socket errors abort the cycle. */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return unreachableCodes.has(code) || code.startsWith('08') || code.startsWith('57P') || code === 'PROTOCOL_CONNECTION_LOST'
    || code === 'ER_SERVER_SHUTDOWN' || code === 'EPIPE';
}

export async function readAspects(readers: { [K in keyof Parts]?: () => Promise<Parts[K]> }): Promise<CatalogReading> {
  const parts: Record<string, unknown> = {};
  const skipped: string[] = [];
  for (const [kind, read] of Object.entries(readers) as Array<[string, () => Promise<unknown>]>) {
    try {
      parts[kind] = await read();
    } catch (error) {
      if (isConnectionLoss(error)) throw error;
      const code = errorCode(error);
      skipped.push(`${kind} (${code ?? (error as Error).message})`);
    }
  }
  return { parts: parts as Parts, skipped };
}
