/**
 * auto_explain output (`duration: X ms  plan:` followed by the plan in text or JSON format) → the query text and
 * a PlanSummary (https://www.postgresql.org/docs/15/auto-explain.html). YAML and XML formats are not read.
 */
import type { PlanSummary } from '../events.js';

export interface ParsedPlan {
  /** `Query Text` of the plan: the statement as the client sent it (with `$1` for bind parameters). */
  readonly queryText: string;
  readonly plan: PlanSummary;
}

/** `body` is the text after `plan:` with the continuation tabs already removed. Null when unreadable. */
export function parseAutoExplain(body: string): ParsedPlan | null {
  const text = body.trimStart();
  if (text.startsWith('{')) return parseJsonPlan(text);
  if (text.startsWith('Query Text: ')) return parseTextPlan(text);
  return null;
}

interface JsonNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Schema?: string;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Total Cost'?: number;
  Plans?: JsonNode[];
}

function parseJsonPlan(text: string): ParsedPlan | null {
  let doc: { 'Query Text'?: unknown; Plan?: JsonNode };
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || typeof doc['Query Text'] !== 'string' || !doc.Plan) return null;
  const nodeTypes: string[] = [];
  const seqScans: string[] = [];
  const walk = (node: JsonNode): void => {
    const type = node['Node Type'];
    if (type) {
      addOnce(nodeTypes, type);
      if (type === 'Seq Scan' && node['Relation Name']) {
        addOnce(seqScans, node.Schema ? `${node.Schema}.${node['Relation Name']}` : node['Relation Name']);
      }
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(doc.Plan);
  const root = doc.Plan;
  return {
    queryText: doc['Query Text'],
    plan: {
      nodeTypes,
      seqScans,
      ...(root['Plan Rows'] !== undefined && { estimatedRows: root['Plan Rows'] }),
      ...(root['Actual Rows'] !== undefined && { actualRows: root['Actual Rows'] * (root['Actual Loops'] ?? 1) }),
      ...(root['Total Cost'] !== undefined && { totalCost: root['Total Cost'] }),
    },
  };
}

/** A plan node line: `->  Seq Scan on orders o  (cost=0.00..18.10 rows=410 width=4) (actual time=… rows=410 loops=1)`. */
const nodeLine = /^ *(?:->  )?([A-Z][^(]*?)  \((?:cost=[\d.]+\.\.([\d.]+) rows=(\d+)[^)]*\)|actual)/;
const actualRows = /\(actual (?:time=[\d.]+\.\.[\d.]+ )?rows=(\d+) loops=(\d+)\)/;

function parseTextPlan(text: string): ParsedPlan | null {
  const lines = text.split('\n');
  const queryLines = [lines[0].slice('Query Text: '.length)];
  let i = 1;
  while (i < lines.length && !nodeLine.test(lines[i])) queryLines.push(lines[i++]);
  if (i === lines.length) return null;
  const nodeTypes: string[] = [];
  const seqScans: string[] = [];
  let estimatedRows: number | undefined;
  let actual: number | undefined;
  let totalCost: number | undefined;
  for (; i < lines.length; i++) {
    const m = nodeLine.exec(lines[i]);
    if (!m) continue;
    const { type, relation } = splitNodeLabel(m[1]);
    addOnce(nodeTypes, type);
    if (type === 'Seq Scan' && relation) addOnce(seqScans, relation);
    if (estimatedRows === undefined && m[3] !== undefined) {
      estimatedRows = Number(m[3]);
      totalCost = Number(m[2]);
    }
    if (actual === undefined) {
      const a = actualRows.exec(lines[i]);
      if (a) actual = Number(a[1]) * Number(a[2]);
    }
  }
  return {
    queryText: queryLines.join('\n'),
    plan: {
      nodeTypes,
      seqScans,
      ...(estimatedRows !== undefined && { estimatedRows }),
      ...(actual !== undefined && { actualRows: actual }),
      ...(totalCost !== undefined && { totalCost }),
    },
  };
}

/** `Parallel Seq Scan on public.orders o` → type `Seq Scan`, relation `public.orders`; `Index Scan using i on t` → `Index Scan`. */
function splitNodeLabel(label: string): { type: string; relation: string | null } {
  let type = label;
  let relation: string | null = null;
  const on = label.indexOf(' on ');
  if (on >= 0) {
    relation = label.slice(on + 4).split(' ')[0];
    type = label.slice(0, on);
  }
  const using = type.indexOf(' using ');
  if (using >= 0) type = type.slice(0, using);
  type = type.replace(/ Backward$/, '').replace(/^Parallel /, '');
  return { type, relation };
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
