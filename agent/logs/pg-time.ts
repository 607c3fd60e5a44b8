/**
 * PostgreSQL log timestamps (`%m` `2026-11-26 20:44:32.123 UTC`, `%t` without milliseconds, `%n` epoch seconds)
 * to epoch milliseconds. The zone is printed as an abbreviation (`UTC`, `CET`) or a numeric offset (`+03`) per
 * log_timezone (https://www.postgresql.org/docs/15/runtime-config-logging.html#GUC-LOG-LINE-PREFIX).
 * Pure: zone abbreviations that are not an offset are resolved with an IANA `timeZone` passed in.
 */

/** Abbreviations with one meaning worldwide, used when no `timeZone` option is given. Minutes east of UTC. */
const fixedAbbreviations: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, UCT: 0, Z: 0, UT: 0, WET: 0, WEST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120,
  EEST: 180, MSK: 180, EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, JST: 540, KST: 540, NZST: 720, NZDT: 780, AEST: 600, AEDT: 660,
  ACST: 570, ACDT: 630, AWST: 480, SGT: 480, HKT: 480,
};

/** Minutes east of UTC for `+03`, `-0530`, `+05:30`; null when `zone` is not numeric. */
export function parseNumericOffset(zone: string): number | null {
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** Offset of `timeZone` at epoch `ms`, in minutes east of UTC. */
function zoneOffsetAt(format: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Epoch ms of a wall-clock time (given as if UTC) in an IANA zone. */
function wallToEpoch(format: Intl.DateTimeFormat, wallMs: number): number {
  const first = wallMs - zoneOffsetAt(format, wallMs) * 60_000;
  return wallMs - zoneOffsetAt(format, first) * 60_000;
}

/** Turns wall-clock text plus zone (optional) into epoch ms. Remembers the last second it converted (logs are sequential). */
export class PgTimeParser {
  #format: Intl.DateTimeFormat | null;
  #lastKey = '';
  #lastBaseMs = 0;

  /** @param timeZone IANA zone (`Europe/Paris`) for abbreviations that are not a fixed offset. */
  constructor(timeZone?: string) {
    this.#format = timeZone
      ? new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      })
      : null;
  }

  /** `2026-11-26 20:44:32[.123] ZONE` → epoch ms, or null when malformed or the zone cannot be resolved. */
  parse(text: string): number | null {
    if (text.length < 19 || text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(10) !== 32) return null;
    let fractionEnd = 19;
    let fractionMs = 0;
    if (text.charCodeAt(19) === 46 /* . */) {
      fractionEnd = 20;
      let scale = 100;
      while (fractionEnd < text.length && isDigit(text.charCodeAt(fractionEnd))) {
        fractionMs += (text.charCodeAt(fractionEnd) - 48) * scale;
        scale /= 10;
        fractionEnd++;
      }
    }
    const zone = text.slice(fractionEnd + 1).trim();
    const key = text.slice(0, 19) + zone;
    if (key !== this.#lastKey) {
      const base = this.#parseBase(text, zone);
      if (base === null) return null;
      this.#lastKey = key;
      this.#lastBaseMs = base;
    }
    return this.#lastBaseMs + Math.round(fractionMs);
  }

  #parseBase(text: string, zone: string): number | null {
    const y = Number(text.slice(0, 4));
    const mo = Number(text.slice(5, 7));
    const d = Number(text.slice(8, 10));
    const h = Number(text.slice(11, 13));
    const mi = Number(text.slice(14, 16));
    const s = Number(text.slice(17, 19));
    if (!(y > 0 && mo > 0 && d > 0) || Number.isNaN(h + mi + s)) return null;
    const wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
    const offset = parseNumericOffset(zone);
    if (offset !== null) return wallMs - offset * 60_000;
    if (zone === 'UTC' || zone === 'GMT') return wallMs;
    // No zone (MariaDB `# Time:` is server-local): the timeZone option, else UTC.
    if (this.#format) return wallToEpoch(this.#format, wallMs);
    if (zone === '') return wallMs;
    const fixed = fixedAbbreviations[zone];
    return fixed === undefined ? null : wallMs - fixed * 60_000;
  }
}

/** `%n`: `1764189872.123` (seconds with milliseconds) → epoch ms. */
export function parseEpochSeconds(text: string): number | null {
  const n = Number(text);
  return Number.isFinite(n) && text.length > 0 ? Math.round(n * 1000) : null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
