/** The report as one JSON object (SPEC §3: `report` prints an object). Pure. */
import type { ReportData } from './types.js';

export function renderJson(data: ReportData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
