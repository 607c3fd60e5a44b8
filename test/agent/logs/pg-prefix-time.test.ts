import test from 'ava';
import { compilePrefix } from '../../../agent/logs/index.js';
import { PgTimeParser } from '../../../agent/logs/pg-time.js';
import { allEscapesPrefix, readLines } from './cases.js';

test('every log_line_prefix escape is read from a real line', (t) => {
  const line = readLines('pg-stderr-all-escapes.log')[0];
  const m = compilePrefix(allEscapesPrefix).match(line);
  t.like(m?.fields, {
    epochSeconds: '1795728222.536', time: '2026-11-26 21:23:42 UTC', pid: '16990', sessionLine: '1',
    sessionId: '6b08a35e.425e', virtualTransaction: '3/0', transaction: '0', sqlstate: '00000',
    backendType: 'client backend', queryId: '8410328031013335827', user: 'postgres', database: 'test',
    application: 'capture-psql', host: '127.0.0.1', commandTag: 'SET',
  });
  t.is(m?.severity, 'LOG');
  t.true(line.slice(m!.messageStart).startsWith('duration: 0.130 ms  statement: '));
});

test('%q: lines of background processes stop the prefix there', (t) => {
  const prefix = compilePrefix('%m [%p] %q%u@%d ');
  t.like(prefix.match('2026-11-26 20:43:30.811 UTC [2179] LOG:  database system is ready to accept connections'), { severity: 'LOG', fields: { pid: '2179' } });
  t.like(prefix.match('2026-11-26 20:43:30.811 UTC [2179] app@shop ERROR:  boom'), { severity: 'ERROR', fields: { user: 'app', database: 'shop' } });
  t.is(prefix.match('2026-11-26 20:43:30.811 UTC [2179] app@shop not a severity'), null);
});

test('timestamps: UTC, numeric offsets, fixed abbreviations, and IANA zones for the rest', (t) => {
  const utc = Date.UTC(2026, 10, 26, 20, 44, 32, 123);
  const plain = new PgTimeParser();
  t.is(plain.parse('2026-11-26 20:44:32.123 UTC'), utc);
  t.is(plain.parse('2026-11-26 20:44:32.123 GMT'), utc);
  t.is(plain.parse('2026-11-26 23:44:32.123 +03'), utc);
  t.is(plain.parse('2026-11-26 15:14:32.123 -0530'), utc);
  t.is(plain.parse('2026-11-26 21:44:32.123 CET'), utc);
  t.is(plain.parse('2026-11-26 20:44:32 UTC'), utc - 123);
  t.is(plain.parse('2026-11-26 20:44:32.123 XYZT'), null, 'an unknown abbreviation is not silently taken as UTC');
  t.is(plain.parse('garbage'), null);
  const paris = new PgTimeParser('Europe/Paris');
  t.is(paris.parse('2026-11-26 21:44:32.123 XYZT'), utc);
  t.is(paris.parse('2026-07-01 22:00:00.000 XYZT'), Date.UTC(2026, 6, 1, 20, 0, 0), 'summer time');
  const sydney = new PgTimeParser('Australia/Sydney');
  t.is(sydney.parse('2026-11-27 07:44:32.123 AEDT'), utc);
});

test('an entry whose time cannot be read is a reject, with a hint about the time zone option', async (t) => {
  const { createLogParser } = await import('../../../agent/logs/index.js');
  const parser = createLogParser('pg-stderr');
  parser.push(['2026-11-26 20:44:32.123 XYZT [1] a@b LOG:  duration: 1.0 ms  statement: SELECT 1'], 1);
  const result = parser.end();
  t.deepEqual(result.events, []);
  t.is(result.rejects[0]?.line, 1);
  t.regex(result.rejects[0]?.reason ?? '', /time zone/);
  const withZone = createLogParser('pg-stderr', { timeZone: 'America/New_York' });
  withZone.push(['2026-11-26 15:44:32.123 XYZT [1] a@b LOG:  duration: 1.0 ms  statement: SELECT 1'], 1);
  t.is(withZone.end().events[0]?.timeMs, Date.UTC(2026, 10, 26, 20, 44, 32, 123));
});
