import test from 'ava';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tailer, type TailEvent } from '../../../agent/logs/tail.js';

async function drain(events: AsyncGenerator<TailEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of events) {
    if (e.kind === 'restart') out.push(`<restart ${e.reason}>`);
    else out.push(...e.chunk.lines.map((l, i) => `${e.chunk.firstLine + i}:${l}`));
  }
  return out;
}

function setup(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-tail-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'postgresql.log');
}

test('follows appends and keeps an unterminated line until it is complete', async (t) => {
  const path = setup(t);
  writeFileSync(path, 'a\nb\n');
  const tailer = new Tailer(path);
  t.deepEqual(await drain(tailer.start(null)), ['<restart new>']);
  t.deepEqual(await drain(tailer.poll()), ['1:a', '2:b']);
  appendFileSync(path, 'c\npart');
  t.deepEqual(await drain(tailer.poll()), ['3:c']);
  appendFileSync(path, 'ial\n');
  t.deepEqual(await drain(tailer.poll()), ['4:partial']);
  t.deepEqual(tailer.position, { offset: 14, line: 5 });
  await tailer.close();
});

test('rotation: the old file is read to its end, then the new one from line 1', async (t) => {
  const path = setup(t);
  writeFileSync(path, 'a\n');
  const tailer = new Tailer(path);
  await drain(tailer.start(null));
  t.deepEqual(await drain(tailer.poll()), ['1:a']);
  appendFileSync(path, 'b\n');
  renameSync(path, `${path}.1`);
  appendFileSync(`${path}.1`, 'c\n'); // the server still writes to its open file until it reopens
  writeFileSync(path, 'new 1\nnew 2\n');
  t.deepEqual(await drain(tailer.poll()), ['2:b', '3:c', '<restart rotated>', '1:new 1', '2:new 2']);
  await tailer.close();
});

test('copytruncate: the same inode, shorter, is read again from the start', async (t) => {
  const path = setup(t);
  writeFileSync(path, 'one\ntwo\nthree\n');
  const tailer = new Tailer(path);
  await drain(tailer.start(null));
  await drain(tailer.poll());
  truncateSync(path, 0);
  appendFileSync(path, 'x\n');
  t.deepEqual(await drain(tailer.poll()), ['<restart truncated>', '1:x']);
  await tailer.close();
});

test('a restart after a rotation while qprof was down finishes the renamed file first', async (t) => {
  const path = setup(t);
  writeFileSync(path, 'a\nb\n');
  const first = new Tailer(path);
  await drain(first.start(null));
  await drain(first.poll());
  const checkpoint = { fileId: first.fileId, ...first.position };
  await first.close();
  appendFileSync(path, 'c\n');
  renameSync(path, `${path}.1`);
  writeFileSync(path, 'new\n');
  const second = new Tailer(path);
  t.deepEqual(await drain(second.start(checkpoint)), ['3:c', '<restart rotated>']);
  t.deepEqual(await drain(second.poll()), ['1:new']);
  await second.close();
});
