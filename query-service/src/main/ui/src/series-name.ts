import type { Metric } from './api';

/** Escapes a label value the way PromQL string literals and Prometheus' UI show them. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** `name{a="1", b="2"}`, labels in the order the API gave them (it sorts them), name outside the braces. */
export function seriesName(metric: Metric): string {
  const name = metric.__name__ ?? '';
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(metric)) {
    if (key !== '__name__') {
      pairs.push(`${key}=${quote(value)}`);
    }
  }
  if (pairs.length === 0) {
    return name === '' ? '{}' : name;
  }
  return `${name}{${pairs.join(', ')}}`;
}
