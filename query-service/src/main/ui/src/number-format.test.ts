import assert from 'node:assert/strict';
import { test } from 'node:test';
import { siValue } from './number-format';

test('large values take SI prefixes', () => {
  assert.equal(siValue(1500000), '1.5M');
  assert.equal(siValue(1000), '1k');
  assert.equal(siValue(-2.5e9), '-2.5G');
  assert.equal(siValue(123456789), '123.5M');
  assert.equal(siValue(3e25), '30Y');
});

test('values in [1, 1000) stay plain', () => {
  assert.equal(siValue(1), '1');
  assert.equal(siValue(999), '999');
  assert.equal(siValue(12.34567), '12.35');
});

test('small values take SI prefixes, tiny ones stay plain', () => {
  assert.equal(siValue(0.002), '2m');
  assert.equal(siValue(0.5), '500m');
  assert.equal(siValue(-2.5e-7), '-250n');
  assert.equal(siValue(1e-30), '1e-30');
});

test('zero and non-finite values print as they are', () => {
  assert.equal(siValue(0), '0');
  assert.equal(siValue(NaN), 'NaN');
  assert.equal(siValue(Infinity), 'Infinity');
});
