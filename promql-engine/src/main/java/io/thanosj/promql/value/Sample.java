package io.thanosj.promql.value;

import io.thanosj.labels.Labels;

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
public record Sample(Labels labels, long timestampMs, double value) {}
