// Lays a range query's matrix out as uPlot's table: one shared time column, one value column per series.

import type uPlot from 'uplot';
import type { RangeSeries } from './api';

/**
 * Aligns the series on the step grid [start, end] (query_range answers on exactly that grid), so each
 * series is one column of uPlot's table; a step with no sample, or a NaN/Inf one, is a gap.
 */
export function alignOnSteps(
  series: RangeSeries[],
  startSeconds: number,
  endSeconds: number,
  stepSeconds: number,
): uPlot.AlignedData {
  const points = Math.floor((endSeconds - startSeconds) / stepSeconds) + 1;
  const xs = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    xs[i] = startSeconds + i * stepSeconds;
  }
  const columns: Array<Array<number | null>> = [];
  for (const s of series) {
    const ys: Array<number | null> = new Array(points).fill(null);
    for (const [t, v] of s.values ?? []) {
      const i = Math.round((t - startSeconds) / stepSeconds);
      const y = Number(v);
      if (i >= 0 && i < points && Number.isFinite(y)) {
        ys[i] = y;
      }
    }
    columns.push(ys);
  }
  return [xs, ...columns] as uPlot.AlignedData;
}
