/**
 * The query-shape engine: `fingerprint` (one linear pass, the hot path) gives every statement its shape id
 * and normalized text; `describeShape` (a real parse, once per new shape) gives the shape's features.
 * Await `loadShapeParsers()` once before the first describeShape.
 */
export { fingerprint } from './fingerprint.js';
export { describeShape, loadShapeParsers } from './describe.js';
export { classifyFunction } from './functions.js';
export type * from './types.js';
