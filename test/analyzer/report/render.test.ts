import test from 'ava';
import fc from 'fast-check';
import { buildReport } from '../../../analyzer/report/build.js';
import { renderHtml } from '../../../analyzer/report/render-html.js';
import { renderJson } from '../../../analyzer/report/render-json.js';
import { renderMarkdown } from '../../../analyzer/report/render-markdown.js';
import { renderText } from '../../../analyzer/report/render-text.js';
import { renderSubject } from '../../../analyzer/report/summary.js';
import type { ReportData } from '../../../analyzer/report/types.js';
import { readReportRows, readReportWindow } from '../../../storage/report-repo.js';
import { dayMs, endMs, fillReportStore, xssQuery } from './fill-store.js';

const advice: ReportData['advice'] = {
  indexes: {
    title: 'Index advice', command: 'qprof advise indexes', total: 7,
    items: Array.from({ length: 7 }, (_, i) => ({ summary: `CREATE INDEX CONCURRENTLY ON orders (customer_id, c${i})`, detail: 'saves <b>90%</b>' })),
  },
};

function report(withAdvice = false): ReportData {
  const db = fillReportStore();
  const window = readReportWindow(db, { sinceMs: dayMs, untilMs: endMs })!;
  const data = buildReport(readReportRows(db, window), { nowMs: endMs + 60_000, ...(withAdvice ? { advice } : {}) });
  db.close();
  return data;
}

/** Tags the HTML renderer itself writes; anything else in the output would come from data. */
const ownTags = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'p', 'strong',
  'div', 'svg', 'line', 'text', 'rect', 'polyline', 'span', 'code', 'ul', 'li', 'br']);
const tagsOf = (html: string) => new Set([...html.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));

test('text report: aligned tables with the numbers that matter', (t) => {
  const text = renderText(report());
  t.snapshot(text);
  t.regex(text, /Headline: 10\.49 s in 3,553 calls across 5 shapes, 3 errors/);
  t.regex(text, /slower 2\.5×\s+shop\s+5\.0 ms\s+2\.0 ms/);
  t.notRegex(text, /<script>alert\(1\)<\/script>[^\n]{81}/, 'statements are cut to the query width');
});

test('markdown report: statements in code spans so markup in them stays text', (t) => {
  const md = renderMarkdown(report(true));
  t.snapshot(md);
  t.regex(md, /\| 1 \| shop \| 5\.00 s \| 47\.7% \| 1,000 \| 5\.0 ms \| 19\.5 ms \| 1,000 \| ` SELECT \* FROM orders WHERE id = \$1 ` \|/);
  t.true(md.includes("` SELECT '<script>alert(1)</script>'"), 'markup only inside a code span');
  t.false(md.includes('saves <b>'), 'advice text outside code is entity-escaped');
  t.regex(md, /5 of 7; all of them: ` qprof advise indexes `/);
});

test('HTML report: a statement with <script> and "><img onerror> renders inert', (t) => {
  const html = renderHtml(report(true));
  t.false(html.includes('<script'));
  t.false(html.includes('<img'));
  t.false(html.includes('<b>'));
  t.true(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.true(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  t.deepEqual([...tagsOf(html)].filter((tag) => !ownTags.has(tag)), []);
  t.true(html.includes("Content-Security-Policy"));
});

test('HTML report: no text from the store can open a tag or leave an attribute (property)', (t) => {
  const base = report();
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 20 }), (query, target) => {
    const data: ReportData = {
      ...base,
      targets: base.targets.map((h) => ({ ...h, target })),
      top: base.top.map((s) => ({ ...s, query: `${query}${s.query}`, target })),
      newShapes: base.newShapes.map((s) => ({ ...s, query })),
    };
    const html = renderHtml(data);
    return [...tagsOf(html)].every((tag) => ownTags.has(tag)) && !/title="[^"]*"[^ >]/.test(html.replace(/title="[^"]*">/g, ''));
  }), { numRuns: 200 });
  t.pass();
});

test('HTML report: self-contained with a stacked chart and one sparkline per top shape', (t) => {
  const data = report();
  const html = renderHtml(data);
  t.false(/\s(src|href)\s*=\s*["']/i.test(html), 'no external assets');
  t.is((html.match(/<polyline /g) ?? []).length, data.top.length);
  t.is((html.match(/<rect /g) ?? []).length, 6, 'one rect per (hour, layer) with time: A twice, B, C, D, and the digest shape');
  t.true(html.includes('Index advice') === false, 'no advice section before an advisor exists');
  t.true(renderHtml(report(true)).includes('Index advice'));
});

test('JSON report is one object with the window, headline and top', (t) => {
  const parsed = JSON.parse(renderJson(report())) as ReportData;
  t.deepEqual(parsed.window, { startMs: endMs - dayMs, endMs });
  t.is(parsed.top[0]!.query, 'SELECT * FROM orders WHERE id = $1');
  t.is(parsed.headline.calls, 3553);
});

test('the subject names the targets and the headline on one line', (t) => {
  t.is(renderSubject(report()), 'qprof report shop, billing: 10.49 s in 3,553 calls, 3 regressions (24h to 2026-11-26 06:00 UTC)');
  const data = report();
  t.false(renderSubject({ ...data, targets: [{ ...data.targets[0]!, target: 'a\r\nBcc: x@evil' }] }).includes('\n'));
});
