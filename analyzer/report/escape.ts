/** HTML escaping. Every piece of text from the store (statements come from logs) passes through here. Pure. */
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Safe in element content and in quoted attribute values. Control characters are dropped. */
export function escapeHtml(text: string): string {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/[&<>"'`]/g, (c) => entities[c]!);
}
