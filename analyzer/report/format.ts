/** Number, duration and time formatting shared by the renderers. Deterministic: no locale, UTC only. */

/** `1,234,567` (no locale: reports must read the same on every machine). */
export function formatCount(n: number): string {
  const [whole, fraction] = Math.abs(n).toString().split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** `0.42 ms`, `12.3 ms`, `4.51 s`, `12.5 min`, `3.20 h`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 3600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3600_000).toFixed(2)} h`;
}

/** `12.3%` of a fraction 0..1. */
export function formatShare(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** `3.1×`. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? 'new' : `${ratio.toFixed(1)}×`;
}

/** `2026-11-26 06:00 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `24h`, `7d`, `90m`: the window length as the user typed it. */
export function formatSpan(ms: number): string {
  // A day or a week is said in the smaller unit until there are two of them: "24h", "48h" reads as typed.
  for (const [unit, size, from] of [['w', 604_800_000, 2], ['d', 86_400_000, 3], ['h', 3600_000, 1], ['m', 60_000, 1]] as const) {
    if (ms >= size * from && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

/** One line of at most `max` characters (statements span lines and can be long). */
export function oneLine(text: string, max: number): string {
  // Control characters (a terminal escape sequence in a logged statement) never reach the output.
  const flat = text.replace(/[\s\x00-\x1f\x7f-\x9f]+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
