import { parseTags } from './tags.js';

/** `/*, ... *\/` or a digest's `/* , ... *\/`: the marker for more values or rows, not a free comment. */
export function isListMarker(body: string): boolean {
  if (body.length > 12) return false;
  let compact = '';
  for (let k = 0; k < body.length; k++) if (body.charCodeAt(k) > 32) compact += body[k];
  return compact === ',...';
}

/**
 * Tags of recent comment bodies. An application sends the same few sqlcommenter comments (one per
 * controller action) on most of its statements, so each is parsed once.
 */
const TAG_CACHE_SIZE = 5_000;
const tagsByBody = new Map<string, Readonly<Record<string, string>> | null>();

function tagsOf(body: string): Readonly<Record<string, string>> | null {
  let tags = tagsByBody.get(body);
  if (tags === undefined) {
    const parsed = parseTags(body);
    tags = Object.keys(parsed).length > 0 ? Object.freeze(parsed) : null;
    if (body.length > 2_000) return tags; // rare and big: not worth keeping
    if (tagsByBody.size >= TAG_CACHE_SIZE) tagsByBody.clear();
    tagsByBody.set(body, tags);
  }
  return tags;
}

/**
 * Adds the tags of one comment body to those found so far. The first comment's tags are returned as they
 * are (shared and frozen); a second comment with tags makes a merged copy.
 */
export function mergeCommentTags(
  tags: Readonly<Record<string, string>> | null,
  body: string,
): Readonly<Record<string, string>> | null {
  const found = tagsOf(body);
  if (found === null) return tags;
  if (tags === null) return found;
  return Object.freeze({ ...tags, ...found });
}
