package io.thanosj.sidecar.store;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.Series;

/** A series ready to send, with its labels kept as {@link Labels} for ordering decisions. */
record LabeledSeries(Labels labels, Series series) {}
