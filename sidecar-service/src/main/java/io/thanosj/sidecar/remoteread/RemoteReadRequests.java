package io.thanosj.sidecar.remoteread;

import io.thanosj.labels.Matcher;
import io.thanosj.storeapi.proto.prompb.LabelMatcher;
import io.thanosj.storeapi.proto.prompb.Query;
import io.thanosj.storeapi.proto.prompb.ReadRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.xerial.snappy.Snappy;

/** Remote-read request bodies: one query, snappy block format, as Prometheus' {@code /api/v1/read} expects. */
public final class RemoteReadRequests {

  private RemoteReadRequests() {}

  /**
   * A {@code ReadRequest} for {@code [startMs, endMs]} (both inclusive) that accepts only streamed XOR
   * chunks: the sidecar passes chunks through instead of re-encoding samples, and every Prometheus
   * since 2.13 can stream. An older one answers 400 "does not support any of the requested response
   * types", which the caller reports as is.
   */
  public static ReadRequest streamedChunks(List<Matcher> matchers, long startMs, long endMs) {
    Query.Builder q = Query.newBuilder().setStartTimestampMs(startMs).setEndTimestampMs(endMs);
    for (Matcher m : matchers) {
      q.addMatchers(LabelMatcher.newBuilder().setType(type(m.type())).setName(m.name()).setValue(m.value()));
    }
    return ReadRequest.newBuilder()
        .addQueries(q)
        .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS)
        .build();
  }

  public static byte[] snappyEncoded(ReadRequest request) {
    try {
      return Snappy.compress(request.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("snappy compression failed", e);
    }
  }

  private static LabelMatcher.Type type(Matcher.Type t) {
    return switch (t) {
      case EQ -> LabelMatcher.Type.EQ;
      case NEQ -> LabelMatcher.Type.NEQ;
      case RE -> LabelMatcher.Type.RE;
      case NRE -> LabelMatcher.Type.NRE;
    };
  }
}
