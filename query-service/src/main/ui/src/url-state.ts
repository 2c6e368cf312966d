// The query page's state lives in the URL, with the g0.* parameter names of the Prometheus and Thanos
// UIs, so a link to a graph opens the same graph here and there.

import { formatDuration, formatTime, parseDuration, parseTime } from './time';

export type Tab = 'graph' | 'table';

export interface PanelState {
  expr: string;
  tab: Tab;
  /** Graph range in milliseconds. */
  range: number;
  /** End of the graph and evaluation time of the table, in milliseconds; null means now. */
  end: number | null;
  /** Graph resolution in seconds; null means derived from the range. */
  step: number | null;
  dedup: boolean;
  partialResponse: boolean;
  /** "0s", "5m", "1h", or null for the server's choice. */
  maxSourceResolution: string | null;
}

export const DEFAULT_RANGE = 3600_000;
export const SOURCE_RESOLUTIONS = ['0s', '5m', '1h'];

const P = 'g0.';

/**
 * Reads the panel from a query string. Missing parameters take the defaults; partialResponseDefault is
 * the server's --query.partial-response, as Thanos' UI uses it.
 */
export function readPanel(search: string, partialResponseDefault: boolean): PanelState {
  const q = new URLSearchParams(search);
  const get = (name: string): string | null => q.get(P + name);
  const step = Number(get('step_input'));
  const end = get('end_input') ?? get('moment_input');
  const msr = get('max_source_resolution');
  return {
    expr: get('expr') ?? '',
    tab: get('tab') === '1' ? 'table' : 'graph',
    range: parseDuration(get('range_input') ?? '') ?? DEFAULT_RANGE,
    end: end === null ? null : parseTime(end),
    step: Number.isFinite(step) && step > 0 ? step : null,
    dedup: get('deduplicate') !== '0',
    partialResponse: get('partial_response') === null ? partialResponseDefault : get('partial_response') === '1',
    maxSourceResolution: msr !== null && SOURCE_RESOLUTIONS.includes(msr) ? msr : null,
  };
}

export function writePanel(state: PanelState): string {
  const q = new URLSearchParams();
  q.set(P + 'expr', state.expr);
  q.set(P + 'tab', state.tab === 'table' ? '1' : '0');
  q.set(P + 'range_input', formatDuration(state.range));
  if (state.end !== null) {
    q.set(P + 'end_input', formatTime(state.end));
    q.set(P + 'moment_input', formatTime(state.end));
  }
  if (state.step !== null) {
    q.set(P + 'step_input', String(state.step));
  }
  q.set(P + 'deduplicate', state.dedup ? '1' : '0');
  q.set(P + 'partial_response', state.partialResponse ? '1' : '0');
  if (state.maxSourceResolution !== null) {
    q.set(P + 'max_source_resolution', state.maxSourceResolution);
  }
  return `?${q.toString()}`;
}
