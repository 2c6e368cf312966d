// The Table tab: an instant query's result, one row per series with its labels and value.

import type { NativeHistogram, QueryData, SamplePair } from './api';
import { el } from './dom';
import { seriesName } from './series-name';
import { formatTime } from './time';

/** Rendering more rows than this freezes the browser; the rest is left out with a notice. */
export const MAX_TABLE_ROWS = 10_000;

function histogramText(h: NativeHistogram): string {
  return `count=${h.count} sum=${h.sum} (${(h.buckets ?? []).length} buckets)`;
}

function sampleText([t, v]: SamplePair): string {
  return `${v} @${t}`;
}

function row(name: string, value: string): HTMLTableRowElement {
  return el('tr', { class: 'result-row' }, el('td', { class: 'series' }, name), el('td', { class: 'value' }, value));
}

export function drawTable(container: HTMLElement, data: QueryData): void {
  const body = el('tbody');
  let total = 0;
  switch (data.resultType) {
    case 'vector':
      total = data.result.length;
      for (const s of data.result.slice(0, MAX_TABLE_ROWS)) {
        const value = s.value ? s.value[1] : s.histogram ? histogramText(s.histogram[1]) : '';
        body.appendChild(row(seriesName(s.metric), value));
      }
      break;
    case 'matrix':
      total = data.result.length;
      for (const s of data.result.slice(0, MAX_TABLE_ROWS)) {
        const samples = (s.values ?? []).map(sampleText);
        const histograms = (s.histograms ?? []).map(([t, h]) => `${histogramText(h)} @${t}`);
        body.appendChild(row(seriesName(s.metric), [...samples, ...histograms].join('\n')));
      }
      break;
    case 'scalar':
      total = 1;
      body.appendChild(row('scalar', data.result[1]));
      break;
    case 'string':
      total = 1;
      body.appendChild(row('string', data.result[1]));
      break;
  }
  if (total === 0) {
    container.appendChild(el('div', { class: 'notice', id: 'table-empty' }, 'Empty query result'));
    return;
  }
  if (total > MAX_TABLE_ROWS) {
    container.appendChild(el('div', { class: 'notice' }, `Showing the first ${MAX_TABLE_ROWS} of ${total} series.`));
  }
  container.appendChild(
    el(
      'table',
      { class: 'results', id: 'result-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Series'), el('th', {}, 'Value'))),
      body,
    ),
  );
}

export function evaluationNote(timeMillis: number): string {
  return `Evaluated at ${formatTime(timeMillis)} UTC`;
}
