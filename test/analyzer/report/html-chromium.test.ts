/**
 * The HTML report seen by a real browser: headless Chromium takes a screenshot, and the chart colours must
 * cover real areas of it (bars and sparklines drawn, not just present in the markup). Skips with a reason
 * where Chromium is not installed (`apt-get install -y chromium`).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { buildReport } from '../../../analyzer/report/build.js';
import { renderHtml } from '../../../analyzer/report/render-html.js';
import { palette } from '../../../analyzer/report/svg-charts.js';
import { readReportRows, readReportWindow } from '../../../storage/report-repo.js';
import { dayMs, endMs, fillReportStore } from './fill-store.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

/** RGB(A) 8-bit non-interlaced PNG (what Chromium writes) → pixel counter by colour. */
function countPixels(png: Buffer, rgb: readonly [number, number, number]): number {
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (data[8] !== 8 || channels === 0 || data[12] !== 0) throw new Error('unexpected PNG format');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  let previous = Buffer.alloc(stride);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0, b = previous[i]!, c = i >= channels ? previous[i - channels]! : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? (pa <= pb && pa <= pc ? a : pb <= pc ? b : c) : 0;
      line[i] = (line[i]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = x * channels;
      if (Math.abs(line[o]! - rgb[0]) <= 2 && Math.abs(line[o + 1]! - rgb[1]) <= 2 && Math.abs(line[o + 2]! - rgb[2]) <= 2) count++;
    }
    previous = line;
  }
  return count;
}

const hex = (colour: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];

test('Chromium renders the stacked chart and the sparklines', async (t) => {
  if (!chromium) {
    t.log('SKIPPED: no Chromium installed (apt-get install -y chromium)');
    t.pass();
    return;
  }
  const db = fillReportStore();
  const window = readReportWindow(db, { sinceMs: dayMs, untilMs: endMs })!;
  const html = renderHtml(buildReport(readReportRows(db, window), { nowMs: endMs }));
  db.close();
  const dir = mkdtempSync(join(tmpdir(), 'qprof-chromium-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'report.html'), html);
  const shot = join(dir, 'shot.png');
  await new Promise<void>((resolve, reject) => execFile(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1000,1400', `--screenshot=${shot}`, `file://${join(dir, 'report.html')}`],
  { timeout: 90_000 }, (error) => (error && !existsSync(shot) ? reject(error) : resolve())));
  const png = readFileSync(shot);
  // #1 (blue) has two bars of 3 s and 2 s plus its sparkline; #2 (orange) the tallest bar.
  const blue = countPixels(png, hex(palette[0]));
  const orange = countPixels(png, hex(palette[1]));
  t.log(`blue ${blue} px, orange ${orange} px`);
  t.true(blue > 2000, `blue pixels: ${blue}`);
  t.true(orange > 2000, `orange pixels: ${orange}`);
  t.true(orange > blue * 0.5 && orange < blue * 2, `bars in proportion: orange ${orange}, blue ${blue}`);
});
