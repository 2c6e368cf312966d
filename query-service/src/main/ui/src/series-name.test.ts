import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesName } from './series-name';

test('series print as PromQL selectors', () => {
  assert.equal(seriesName({ __name__: 'up', job: 'api', instance: 'a:1' }), 'up{job="api", instance="a:1"}');
  assert.equal(seriesName({ __name__: 'up' }), 'up');
  assert.equal(seriesName({ job: 'x' }), '{job="x"}');
  assert.equal(seriesName({}), '{}');
});

test('label values are escaped', () => {
  assert.equal(seriesName({ path: 'a"b\\c\nd' }), '{path="a\\"b\\\\c\\nd"}');
});
