/**
 * Read model of shape_tags (sqlcommenter / marginalia tags counted per shape at ingestion): the most
 * frequent value of each tag per shape, so an advisor can say which route, controller and action sent it.
 */
import type { Db } from './db.js';

/** shapeId → tag → its most frequent value, for one target. */
export function readShapeTags(db: Db, targetId: number): Map<string, Record<string, string>> {
  const rows = db.prepare(`SELECT shape_id AS shapeId, tag, value FROM shape_tags WHERE target_id = ?
      ORDER BY shape_id, tag, count DESC, value`).all(targetId) as { shapeId: string; tag: string; value: string }[];
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    let tags = out.get(row.shapeId);
    if (!tags) out.set(row.shapeId, tags = {});
    if (!(row.tag in tags)) tags[row.tag] = row.value;
  }
  return out;
}
