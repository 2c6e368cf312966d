// Durations and instants as the Prometheus and Thanos UIs write them in links, so links move between UIs.

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration such as "1h30m" into milliseconds; null if it is not one or is zero. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (trimmed === '' || match === null) {
    return null;
  }
  let total = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) {
      total += Number(part) * UNITS[i][1];
    }
  }
  return total > 0 ? total : null;
}

/** Formats milliseconds as the shortest Prometheus duration, e.g. 5400000 -> "1h30m". */
export function formatDuration(millis: number): string {
  if (millis <= 0) {
    return '0s';
  }
  let rest = Math.round(millis);
  let out = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** The range steps the -/+ buttons walk through, as the Prometheus UI offers them. */
export const RANGE_STEPS: readonly number[] = [
  '1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '1y',
].map((d) => parseDuration(d) as number);

export function widerRange(current: number): number {
  for (const step of RANGE_STEPS) {
    if (step > current) {
      return step;
    }
  }
  return current;
}

export function narrowerRange(current: number): number {
  for (let i = RANGE_STEPS.length - 1; i >= 0; i--) {
    if (RANGE_STEPS[i] < current) {
      return RANGE_STEPS[i];
    }
  }
  return current;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "YYYY-MM-DD HH:mm:ss" in UTC: the form Prometheus and Thanos put in end_input. */
export function formatTime(millis: number): string {
  const d = new Date(millis);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const UI_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses "YYYY-MM-DD HH:mm[:ss]" (UTC unless an offset is given), RFC 3339, or Unix seconds.
 * Returns milliseconds, or null when the text is none of these.
 */
export function parseTime(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const m = UI_TIME.exec(trimmed);
  if (m === null) {
    return null;
  }
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  let millis = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0, ms ? +ms.padEnd(3, '0') : 0);
  const check = new Date(millis);
  // Date.UTC rolls over (month 13 is next January): reject fields out of range instead.
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || check.getUTCHours() !== +h ||
      check.getUTCMinutes() !== +mi || check.getUTCSeconds() !== (s ? +s : 0)) {
    return null;
  }
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    millis -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return Number.isNaN(millis) ? null : millis;
}

/** The step the Prometheus UI picks for a range when none is given: range/250, at least 1s. */
export function defaultStepSeconds(rangeMillis: number): number {
  return Math.max(Math.floor(rangeMillis / 250 / 1000), 1);
}

/** Bounds far outside what a Date can hold mean "no limit" (Thanos sends math.MinInt64/MaxInt64). */
const DATE_LIMIT = 8.64e15;

export function formatBound(millis: number): string {
  if (millis <= -DATE_LIMIT) {
    return '-∞';
  }
  if (millis >= DATE_LIMIT) {
    return '+∞';
  }
  return formatTime(millis);
}

/** "12s ago", "3m ago"...: how long ago an instant was, for health checks. */
export function formatAgo(millis: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - millis) / 1000));
  if (seconds < 60) {
    return `${seconds}s ago`;
  }
  return `${formatDuration(Math.floor(seconds / 60) * 60_000)} ago`;
}
