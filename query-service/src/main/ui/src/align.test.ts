import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignOnSteps } from './align';

test('series land on the step grid with gaps where samples are missing or not finite', () => {
  const [xs, a, b] = alignOnSteps(
    [
      { metric: { job: 'a' }, values: [[100, '1'], [110, '2'], [130, '4']] },
      { metric: { job: 'b' }, values: [[110, 'NaN'], [120, '+Inf'], [130, '-0.5']] },
    ],
    100,
    130,
    10,
  );
  assert.deepEqual(Array.from(xs as Float64Array), [100, 110, 120, 130]);
  assert.deepEqual(a, [1, 2, null, 4]);
  assert.deepEqual(b, [null, null, null, -0.5]);
});

test('samples off the grid snap to the nearest step; those outside the range are dropped', () => {
  const [xs, a] = alignOnSteps([{ metric: {}, values: [[99.999, '1'], [140, '9'], [50, '7']] }], 100, 125, 10);
  assert.equal(xs.length, 3);
  assert.deepEqual(a, [1, null, null]);
});

test('a series of native histograms only is an empty line', () => {
  const [, a] = alignOnSteps([{ metric: {}, histograms: [[100, { count: '1', sum: '2' }]] }], 100, 100, 1);
  assert.deepEqual(a, [null]);
});
