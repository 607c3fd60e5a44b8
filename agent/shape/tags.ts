/**
 * Tags that applications put in SQL comments, so a shape can be traced back to the code that sent it:
 * - sqlcommenter (https://google.github.io/sqlcommenter/spec/): `key='value'` pairs joined by commas, keys and
 *   values URL-encoded, `'` inside a value escaped as `\'`: `/*controller='orders',route='%2Fapi%2Forders'*\/`;
 * - marginalia (Rails): `key:value` pairs joined by commas: `/*application:Shop,controller:orders,action:index*\/`;
 * - `/* qprof *\/`, the marker on every statement qprof sends itself, becomes `{ qprof: 'true' }` so samplers can
 *   drop qprof's own statements.
 * A comment that is neither (free text) gives no tags. Pure; never throws.
 */
export function parseTags(comment: string): Record<string, string> {
  const body = stripDelimiters(typeof comment === 'string' ? comment : String(comment ?? ''));
  if (body === '') return {};
  if (body.toLowerCase() === 'qprof') return { qprof: 'true' };
  return parseSqlcommenter(body) ?? parseMarginalia(body) ?? {};
}

function stripDelimiters(comment: string): string {
  let body = comment.trim();
  if (body.startsWith('/*')) {
    body = body.slice(2);
    if (body.endsWith('*/')) body = body.slice(0, -2);
  } else if (body.startsWith('--')) body = body.slice(2);
  else if (body.startsWith('#')) body = body.slice(1);
  return body.trim();
}

function parseSqlcommenter(body: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let found = false;
  let i = 0;
  const len = body.length;
  while (i < len) {
    while (i < len && body.charCodeAt(i) <= 32) i++;
    const keyStart = i;
    while (i < len && body[i] !== '=' && body[i] !== ',' && body[i] !== "'") i++;
    if (body[i] !== '=') return null;
    const key = body.slice(keyStart, i).trim();
    if (!isKey(key)) return null;
    i++;
    while (i < len && body.charCodeAt(i) <= 32) i++;
    if (body[i] !== "'") return null;
    i++;
    let value = '';
    while (i < len && body[i] !== "'") {
      if (body[i] === '\\' && i + 1 < len) { value += body[i + 1]; i += 2; } else value += body[i++];
    }
    if (i >= len) return null;
    i++;
    while (i < len && body.charCodeAt(i) <= 32) i++;
    if (i < len) {
      if (body[i] !== ',') return null;
      i++;
    }
    setTag(out, decode(key), decode(value));
    found = true;
  }
  return found ? out : null;
}

function parseMarginalia(body: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of body.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0) return null;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1);
    if (!isKey(key) || value === '' || value.charCodeAt(0) <= 32) return null;
    setTag(out, key, value.trim());
  }
  return out;
}

/** Keys are plain words (`controller`, `db_driver`, `traceparent`, `framework%3Aname` before decoding). */
function isKey(key: string): boolean {
  if (key === '' || key.length > 100) return false;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 ||
      c === 46 || c === 37;
    if (!ok) return false;
  }
  return true;
}

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function setTag(out: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
  out[key] = value;
}
