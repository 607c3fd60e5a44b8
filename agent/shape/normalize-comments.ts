import { parseTags } from './tags.js';

/** `/*, ... *\/` or a digest's `/* , ... *\/`: the marker for more values or rows, not a free comment. */
export function isListMarker(body: string): boolean {
  if (body.length > 12) return false;
  let compact = '';
  for (let k = 0; k < body.length; k++) if (body.charCodeAt(k) > 32) compact += body[k];
  return compact === ',...';
}

/** Adds the tags of one comment body to those found so far; most comments have none and cost one scan. */
export function mergeCommentTags(
  tags: Record<string, string> | null,
  body: string,
): Record<string, string> | null {
  if (!body.includes('=') && !body.includes(':') && !body.toLowerCase().includes('qprof')) return tags;
  const found = parseTags(body);
  for (const key in found) {
    tags ??= {};
    tags[key] = found[key];
  }
  return tags;
}
