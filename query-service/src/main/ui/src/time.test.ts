import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultStepSeconds,
  formatAgo,
  formatBound,
  formatDuration,
  formatTime,
  narrowerRange,
  parseDuration,
  parseTime,
  widerRange,
} from './time';

test('durations parse in every Prometheus unit and combination', () => {
  assert.equal(parseDuration('1h'), 3600_000);
  assert.equal(parseDuration('1h30m'), 5400_000);
  assert.equal(parseDuration('2d'), 2 * 86400_000);
  assert.equal(parseDuration('1w'), 7 * 86400_000);
  assert.equal(parseDuration('1y'), 365 * 86400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration(' 15s '), 15_000);
});

test('non-durations and zero are rejected', () => {
  for (const bad of ['', '1', 'h', '1x', '1m1h', '-1h', '1.5h', '0s']) {
    assert.equal(parseDuration(bad), null, bad);
  }
});

test('durations format as the shortest composite', () => {
  assert.equal(formatDuration(5400_000), '1h30m');
  assert.equal(formatDuration(86400_000 + 1000), '1d1s');
  assert.equal(formatDuration(1500), '1s500ms');
  assert.equal(formatDuration(0), '0s');
  assert.equal(parseDuration(formatDuration(93784_005)), 93784_005);
});

test('range buttons walk the standard steps and stop at the ends', () => {
  assert.equal(widerRange(3600_000), 2 * 3600_000);
  assert.equal(widerRange(45 * 60_000), 3600_000);
  assert.equal(narrowerRange(3600_000), 30 * 60_000);
  assert.equal(narrowerRange(60_000), 60_000);
  assert.equal(widerRange(365 * 86400_000), 365 * 86400_000);
});

test('times are UTC in the UI form, and read back in every accepted form', () => {
  const t = Date.UTC(2024, 0, 2, 3, 4, 5);
  assert.equal(formatTime(t), '2024-01-02 03:04:05');
  assert.equal(parseTime('2024-01-02 03:04:05'), t);
  assert.equal(parseTime('2024-01-02T03:04:05Z'), t);
  assert.equal(parseTime('2024-01-02T05:04:05+02:00'), t);
  assert.equal(parseTime('2024-01-02 03:04'), t - 5000);
  assert.equal(parseTime('2024-01-02T03:04:05.25Z'), t + 250);
  assert.equal(parseTime(String(t / 1000)), t);
  assert.equal(parseTime('1704164645.5'), t + 500);
  for (const bad of ['', 'now', '2024-01-02', '2024/01/02 03:04:05', '2024-13-45 99:99:99x', '2024-13-01 00:00:00', '2024-02-30 00:00:00', '2024-01-01 24:00:00']) {
    assert.equal(parseTime(bad), null, bad);
  }
});

test('default step is range/250 in whole seconds, at least one', () => {
  assert.equal(defaultStepSeconds(3600_000), 14);
  assert.equal(defaultStepSeconds(60_000), 1);
  assert.equal(defaultStepSeconds(86400_000), 345);
});

test('store time bounds at the int64 limits read as infinities', () => {
  assert.equal(formatBound(-9223372036854775808), '-∞');
  assert.equal(formatBound(9223372036854775807), '+∞');
  assert.equal(formatBound(Date.UTC(2024, 0, 2)), '2024-01-02 00:00:00');
});

test('ages read in seconds, then minutes and hours', () => {
  const now = Date.UTC(2024, 0, 2);
  assert.equal(formatAgo(now - 12_000, now), '12s ago');
  assert.equal(formatAgo(now - 150_000, now), '2m ago');
  assert.equal(formatAgo(now - 3 * 3600_000 - 60_000, now), '3h1m ago');
  assert.equal(formatAgo(now + 5000, now), '0s ago');
});
