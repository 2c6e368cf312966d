// Axis tick labels with SI prefixes, as the Prometheus UI writes them: 1500000 -> "1.5M", 0.002 -> "2m".

const LARGE: ReadonlyArray<readonly [number, string]> = [
  [1e24, 'Y'], [1e21, 'Z'], [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'],
];
const SMALL: ReadonlyArray<readonly [number, string]> = [
  [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f'], [1e-18, 'a'], [1e-21, 'z'], [1e-24, 'y'],
];

/** Four significant digits at most, without trailing zeros or exponent noise. */
function compact(v: number): string {
  return String(Number(v.toPrecision(4)));
}

export function siValue(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0 || !Number.isFinite(v)) {
    return String(v);
  }
  if (abs >= 1000) {
    for (const [scale, prefix] of LARGE) {
      if (abs >= scale) {
        return compact(v / scale) + prefix;
      }
    }
  }
  if (abs < 1) {
    for (const [scale, prefix] of SMALL) {
      if (abs >= scale) {
        return compact(v / scale) + prefix;
      }
    }
    return compact(v);
  }
  return compact(v);
}
