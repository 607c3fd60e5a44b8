import { parseTags } from './tags.js';

/** `/*, ... *\/` or a digest's `/* , ... *\/`: the marker for more values or rows, not a free comment. */
export function isListMarker(body: string): boolean {
  if (body.length > 12) return false;
  let compact = '';
  for (let k = 0; k < body.length; k++) if (body.charCodeAt(k) > 32) compact += body[k];
  return compact === ',...';
}

/**
 * Tags of recent comment bodies, by hash. An application sends the same few sqlcommenter comments (one per
 * controller action) on most of its statements, so each is sliced and parsed once.
 */
const TAG_BITS = 12;
const cachedBodies: string[] = new Array<string>(1 << TAG_BITS).fill('');
const cachedTags: (Readonly<Record<string, string>> | null)[] = new Array(1 << TAG_BITS).fill(null);

/** Tags of the comment body `sql[start, end)`, or null when it has none. */
export function commentTagsAt(sql: string, start: number, end: number): Readonly<Record<string, string>> | null {
  const len = end - start;
  // The slot hashes the length and at most 16 characters spread over the body; the comparison below reads
  // every character anyway, so hashing them all too would only double the work on a hit.
  const step = len <= 16 ? 1 : (len >>> 4);
  let h = Math.imul(0x2f3a1c5b ^ len, 0x9e3779b1 | 0);
  for (let k = start; k < end; k += step) h = Math.imul(h ^ sql.charCodeAt(k), 0x9e3779b1 | 0);
  if (len > 0) h = Math.imul(h ^ sql.charCodeAt(end - 1), 0x9e3779b1 | 0);
  const slot = (h ^ (h >>> 16)) & ((1 << TAG_BITS) - 1);
  const cached = cachedBodies[slot];
  // A copy compared in one go is several times faster than startsWith at an offset or a loop over charCodeAt.
  const body = sql.slice(start, end);
  if (cached.length === len && len > 0 && body === cached) return cachedTags[slot];
  const parsed = parseTags(body);
  const tags = Object.keys(parsed).length > 0 ? Object.freeze(parsed) : null;
  if (len <= 2_000) { // rare and big ones are not worth keeping
    cachedBodies[slot] = body;
    cachedTags[slot] = tags;
  }
  return tags;
}

/**
 * Adds the tags of one comment body to those found so far. The first comment's tags are returned as they
 * are (shared and frozen); a second comment with tags makes a merged copy.
 */
export function mergeCommentTags(
  tags: Readonly<Record<string, string>> | null,
  found: Readonly<Record<string, string>> | null,
): Readonly<Record<string, string>> | null {
  if (found === null) return tags;
  if (tags === null) return found;
  return Object.freeze({ ...tags, ...found });
}
