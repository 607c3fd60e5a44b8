import test from 'ava';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decideResume, formatFileId, readFileIdentity, readLineChunks, type LineChunk } from '../../../agent/logs/reader.js';

const fixture = new URL('../../../../fixtures/ingest/mariadb-slow-small.log', import.meta.url);
const text = readFileSync(fixture, 'utf8');
const expectedLines = text.split('\n').slice(0, -1);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'qprof-reader-'));
}

async function collect(path: string, options: Parameters<typeof readLineChunks>[1] = {}): Promise<LineChunk[]> {
  const chunks: LineChunk[] = [];
  for await (const chunk of readLineChunks(path, options)) chunks.push(chunk);
  return chunks;
}

const lines = (chunks: LineChunk[]) => chunks.flatMap((c) => c.lines);

test('splits a real slow log into its lines, whatever the read size, with the byte offset of each line', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'slow.log');
  writeFileSync(path, text);
  const raw = readFileSync(path);
  for (const chunkBytes of [7, 64, 4 * 1024 * 1024]) {
    const chunks = await collect(path, { chunkBytes });
    t.deepEqual(lines(chunks), expectedLines, `chunkBytes ${chunkBytes}`);
    for (const chunk of chunks) {
      chunk.lines.forEach((line, i) => t.is(raw.subarray(chunk.lineOffsets[i]!, chunk.lineOffsets[i]! + Buffer.byteLength(line)).toString(), line));
    }
    t.is(chunks.at(-1)!.endOffset, raw.length);
  }
});

test('CRLF line ends are stripped and counted in the offsets', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'crlf.log');
  writeFileSync(path, expectedLines.join('\r\n') + '\r\n');
  const chunks = await collect(path, { chunkBytes: 50 });
  t.deepEqual(lines(chunks), expectedLines);
  t.is(chunks.at(-1)!.endOffset, readFileSync(path).length);
});

test('a truncated last line is not consumed: the next run starts at it and reads it whole', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'slow.log');
  const cut = text.length - 10; // inside the last line
  writeFileSync(path, text.slice(0, cut));
  const first = await collect(path);
  t.deepEqual(lines(first), expectedLines.slice(0, -1));
  const resumeAt = first.at(-1)!.endOffset;
  const nextLine = first.at(-1)!.firstLine + first.at(-1)!.lines.length;
  appendFileSync(path, text.slice(cut));
  const second = await collect(path, { startOffset: resumeAt, startLine: nextLine });
  t.deepEqual(lines(second), expectedLines.slice(-1));
  t.is(second[0]!.firstLine, expectedLines.length);
});

test('.gz files are read through zlib, from an uncompressed offset too', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'slow.log.1.gz');
  writeFileSync(path, gzipSync(text));
  t.deepEqual(lines(await collect(path)), expectedLines);
  const third = Buffer.byteLength(expectedLines.slice(0, 3).join('\n') + '\n');
  const resumed = await collect(path, { startOffset: third, startLine: 4 });
  t.deepEqual(lines(resumed), expectedLines.slice(3));
  t.is(resumed[0]!.firstLine, 4);
});

test('invalid UTF-8 and NUL bytes do not break the line count', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'garbage.log');
  writeFileSync(path, Buffer.concat([Buffer.from('ok 1\n'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x0a]), Buffer.from('ok 3\n')]));
  const got = lines(await collect(path, { chunkBytes: 3 }));
  t.is(got.length, 3);
  t.is(got[0], 'ok 1');
  t.is(got[2], 'ok 3');
});

test('an over-long line becomes a reject with its line number, and reading goes on', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'long.log');
  writeFileSync(path, `first\n${'x'.repeat(5000)}\nthird\n`);
  const chunks = await collect(path, { chunkBytes: 256, maxLineBytes: 1000 });
  const rejects = chunks.flatMap((c) => c.rejects);
  t.is(rejects.length, 1);
  t.is(rejects[0]!.line, 2);
  const numbered = chunks.flatMap((c) => c.lines.map((line, i) => [c.firstLine + i, line]));
  t.deepEqual(numbered.filter(([, line]) => line !== ''), [[1, 'first'], [3, 'third']]);
});

test('file identity: an append resumes, a rotation (new inode) and a copytruncate start over', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'app.log');
  writeFileSync(path, text);
  const before = await readFileIdentity(path);
  const checkpoint = { fileId: formatFileId(before), offset: before.sizeBytes, line: expectedLines.length + 1 };

  appendFileSync(path, 'more\n');
  t.like(await decideResume(path, await readFileIdentity(path), checkpoint), { kind: 'resume', offset: before.sizeBytes });

  truncateSync(path, 0); // copytruncate: same inode, shorter
  writeFileSync(path, 'x\n');
  t.like(await decideResume(path, await readFileIdentity(path), checkpoint), { kind: 'start', reason: 'truncated' });

  // copytruncate followed by more writes than before: same inode, long enough, but other first bytes
  writeFileSync(path, text.toUpperCase() + 'and more\n');
  t.like(await decideResume(path, await readFileIdentity(path), checkpoint), { kind: 'start', reason: 'truncated' });

  writeFileSync(path, text);
  const again = await readFileIdentity(path);
  const cp2 = { fileId: formatFileId(again), offset: again.sizeBytes, line: 1 };
  renameSync(path, `${path}.1`);
  writeFileSync(path, text);
  t.like(await decideResume(path, await readFileIdentity(path), cp2), { kind: 'start', reason: 'rotated' });
  t.like(await decideResume(`${path}.1`, await readFileIdentity(`${path}.1`), cp2), { kind: 'resume' });
});
