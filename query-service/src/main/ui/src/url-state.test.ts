import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RANGE, readPanel, writePanel, type PanelState } from './url-state';

test('an empty query string gives the defaults, partial response from the server', () => {
  assert.deepEqual(readPanel('', true), {
    expr: '',
    tab: 'graph',
    range: DEFAULT_RANGE,
    end: null,
    step: null,
    dedup: true,
    partialResponse: true,
    maxSourceResolution: null,
  });
  assert.equal(readPanel('', false).partialResponse, false);
});

test('a link written by the Thanos UI opens the same panel', () => {
  const link =
    '?g0.expr=rate(up%5B5m%5D)&g0.tab=1&g0.stacked=0&g0.range_input=2h&g0.max_source_resolution=5m' +
    '&g0.deduplicate=0&g0.partial_response=1&g0.store_matches=%5B%5D' +
    '&g0.end_input=2024-01-02%2003%3A04%3A05&g0.moment_input=2024-01-02%2003%3A04%3A05&g0.step_input=30';
  assert.deepEqual(readPanel(link, false), {
    expr: 'rate(up[5m])',
    tab: 'table',
    range: 2 * 3600_000,
    end: Date.UTC(2024, 0, 2, 3, 4, 5),
    step: 30,
    dedup: false,
    partialResponse: true,
    maxSourceResolution: '5m',
  });
});

test('written state reads back unchanged', () => {
  const state: PanelState = {
    expr: 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) & x',
    tab: 'graph',
    range: 90 * 60_000,
    end: Date.UTC(2024, 5, 1, 12, 0, 0),
    step: 15,
    dedup: false,
    partialResponse: false,
    maxSourceResolution: '1h',
  };
  assert.deepEqual(readPanel(writePanel(state), true), state);
  const now = { ...state, end: null, step: null, maxSourceResolution: null };
  assert.deepEqual(readPanel(writePanel(now), true), now);
});

test('nonsense parameters fall back to the defaults', () => {
  const p = readPanel('?g0.range_input=soon&g0.step_input=-3&g0.max_source_resolution=7m&g0.tab=9', true);
  assert.equal(p.range, DEFAULT_RANGE);
  assert.equal(p.step, null);
  assert.equal(p.maxSourceResolution, null);
  assert.equal(p.tab, 'graph');
});
