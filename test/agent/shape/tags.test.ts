import test from 'ava';
import fc from 'fast-check';
import { parseTags } from '../../../agent/shape/tags.js';

test('sqlcommenter: key=value pairs, URL-decoded, quotes escaped', (t) => {
  t.deepEqual(parseTags("/*controller='orders',action='index',route='%2Fapi%2Forders%2F%3Aid',framework='rails%3A7.1'*/"), {
    controller: 'orders', action: 'index', route: '/api/orders/:id', framework: 'rails:7.1',
  });
  t.deepEqual(parseTags("/* db_driver='pg', traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' */"), {
    db_driver: 'pg', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
  t.deepEqual(parseTags("controller='it\\'s'"), { controller: "it's" });
  t.deepEqual(parseTags("route='%E0%A4%A'"), { route: '%E0%A4%A' }, 'a bad escape is kept as written');
});

test('marginalia: key:value pairs', (t) => {
  t.deepEqual(parseTags('/*application:Shop,controller:users,action:show*/'), {
    application: 'Shop', controller: 'users', action: 'show',
  });
  t.deepEqual(parseTags('/*application:Shop,line:/app/models/user.rb:12*/'), {
    application: 'Shop', line: '/app/models/user.rb:12',
  });
});

test('the qprof marker becomes qprof: true', (t) => {
  t.deepEqual(parseTags('/* qprof */'), { qprof: 'true' });
  t.deepEqual(parseTags('qprof'), { qprof: 'true' });
  t.deepEqual(parseTags('-- qprof'), { qprof: 'true' });
});

test('free-text comments give no tags', (t) => {
  t.deepEqual(parseTags('/* fetch the user before rendering */'), {});
  t.deepEqual(parseTags('/* note: fix later */'), {});
  t.deepEqual(parseTags("/* a='unterminated */"), {});
  t.deepEqual(parseTags(''), {});
  t.deepEqual(parseTags('/**/'), {});
});

test('keys that would reach Object.prototype are ignored', (t) => {
  const tags = parseTags("__proto__='x',controller='c'");
  t.deepEqual(tags, { controller: 'c' });
  t.is(Object.getPrototypeOf(tags), Object.prototype);
});

test('never throws on any input', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
    const tags = parseTags(s);
    return typeof tags === 'object' && Object.values(tags).every((v) => typeof v === 'string');
  }), { numRuns: 2000 });
  t.pass();
});
