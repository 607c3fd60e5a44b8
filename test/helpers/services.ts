/**
 * Where the integration tests find the real services, and what they do when one is missing:
 * skip with a visible reason, except under CI=true, where a missing service is a failure.
 */
import type { ExecutionContext } from 'ava';

export const testUrls = {
  postgres: process.env.QPROF_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.QPROF_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test',
  redis: process.env.QPROF_TEST_REDIS ?? 'redis://127.0.0.1:6379',
} as const;

export const inCi = process.env.CI === 'true';

/**
 * Call at the start of an integration test with the result of a reachability probe. Returns true when the
 * test should go on. Outside CI an unreachable service makes the test pass with a logged reason.
 */
export function requireService(t: ExecutionContext, service: keyof typeof testUrls, error: unknown): boolean {
  if (!error) return true;
  const reason = `${service} unreachable at ${testUrls[service]}: ${(error as Error).message ?? String(error)}`;
  if (inCi) {
    t.fail(`${reason} (CI=true: services must run; see scripts/services.sh)`);
    return false;
  }
  t.log(`SKIPPED: ${reason}`);
  t.pass();
  return false;
}
