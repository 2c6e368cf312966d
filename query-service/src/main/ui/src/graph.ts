// The Graph tab: a range query's matrix drawn with uPlot, one line per series, a legend with labels.

import uPlot from 'uplot';
import type { RangeSeries } from './api';
import { alignOnSteps } from './align';
import { el } from './dom';
import { siValue } from './number-format';
import { seriesName } from './series-name';

/** Beyond this many lines a chart is unreadable and slow; the rest is left out with a notice. */
export const MAX_GRAPH_SERIES = 500;

const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

export interface Chart {
  destroy(): void;
}

export function drawGraph(
  container: HTMLElement,
  series: RangeSeries[],
  startSeconds: number,
  endSeconds: number,
  stepSeconds: number,
): Chart {
  if (series.length === 0) {
    container.appendChild(el('div', { class: 'notice', id: 'graph-empty' }, 'Empty query result'));
    return { destroy: () => {} };
  }
  const shown = series.slice(0, MAX_GRAPH_SERIES);
  if (series.length > shown.length) {
    container.appendChild(
      el('div', { class: 'notice' }, `Showing the first ${shown.length} of ${series.length} series.`),
    );
  }
  const histogramsOnly = series.filter((s) => (s.values ?? []).length === 0 && (s.histograms ?? []).length > 0);
  if (histogramsOnly.length > 0) {
    container.appendChild(
      el('div', { class: 'notice' }, `${histogramsOnly.length} native histogram series are shown in the Table tab only.`),
    );
  }
  const plotArea = el('div', { class: 'plot', id: 'graph-plot' });
  container.appendChild(plotArea);
  const width = (): number => Math.max(plotArea.clientWidth, 300);
  const options: uPlot.Options = {
    width: width(),
    height: 380,
    scales: { x: { time: true } },
    // The time inputs are UTC, as in the Prometheus UI; the axis and legend agree with them.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    series: [
      {},
      ...shown.map((s, i) => ({
        label: seriesName(s.metric),
        stroke: PALETTE[i % PALETTE.length],
        width: 1.5,
        spanGaps: false,
      })),
    ],
    axes: [{}, { size: 70, values: (_u, ticks) => ticks.map(siValue) }],
    legend: { show: true, live: true },
  };
  const plot = new uPlot(options, alignOnSteps(shown, startSeconds, endSeconds, stepSeconds), plotArea);
  const onResize = (): void => plot.setSize({ width: width(), height: 380 });
  window.addEventListener('resize', onResize);
  return {
    destroy: () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    },
  };
}
