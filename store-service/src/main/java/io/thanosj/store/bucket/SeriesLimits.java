package io.thanosj.store.bucket;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-request limits of one Series call ({@code --store.limits.request-series} and {@code
 * --store.limits.request-samples}), counted across all blocks the request touches. The samples limit
 * is enforced as a chunk limit at 120 samples per chunk, as in Thanos; errors keep Thanos' text
 * ("exceeded series limit: limit N violated (got M)") and add the flag that sets the limit.
 */
final class SeriesLimits {

  static final int SAMPLES_PER_CHUNK = 120;

  private final long seriesLimit;
  private final long samplesLimit;
  private final long chunksLimit;
  private final AtomicLong series = new AtomicLong();
  private final AtomicLong chunks = new AtomicLong();

  SeriesLimits(long seriesLimit, long samplesLimit) {
    this.seriesLimit = seriesLimit;
    this.samplesLimit = samplesLimit;
    this.chunksLimit = samplesLimit / SAMPLES_PER_CHUNK;
  }

  void reserveSeries(long n) {
    long got = series.addAndGet(n);
    if (seriesLimit > 0 && got > seriesLimit) {
      throw new StatusRuntimeException(Status.RESOURCE_EXHAUSTED.withDescription(
          "exceeded series limit: limit " + seriesLimit + " violated (got " + got + "); the limit is set by --store.limits.request-series"));
    }
  }

  void reserveChunks(long n) {
    long got = chunks.addAndGet(n);
    if (samplesLimit > 0 && got > chunksLimit) {
      throw new StatusRuntimeException(Status.RESOURCE_EXHAUSTED.withDescription(
          "exceeded chunks limit: limit " + chunksLimit + " violated (got " + got + "); the limit is --store.limits.request-samples="
              + samplesLimit + " at " + SAMPLES_PER_CHUNK + " samples per chunk"));
    }
  }
}
