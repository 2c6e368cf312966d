package io.thanosj.sidecar.store;

import com.google.protobuf.ByteString;
import io.thanosj.labels.Labels;
import io.thanosj.sidecar.remoteread.ChunkedSeriesCursor;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.prompb.Chunk;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.util.ArrayList;
import java.util.List;

/** Remote-read series made with the protobuf classes, run through the sidecar's byte path. */
final class RemoteReadSeriesFixture {

  private RemoteReadSeriesFixture() {}

  static ChunkedSeries series(Labels stored, Chunk... chunks) {
    ChunkedSeries.Builder b = ChunkedSeries.newBuilder();
    stored.forEach((n, v) -> b.addLabels(Label.newBuilder().setName(n).setValue(v)));
    for (Chunk c : chunks) {
      b.addChunks(c);
    }
    return b.build();
  }

  static Chunk xor(long min, long max, byte... data) {
    return Chunk.newBuilder().setMinTimeMs(min).setMaxTimeMs(max).setType(Chunk.Encoding.XOR).setData(ByteString.copyFrom(data)).build();
  }

  /** Every series of the message encoded by {@code encoder}. */
  static List<EncodedSeries> encodeAll(StoreSeriesEncoder encoder, byte[] message) throws Exception {
    ChunkedSeriesCursor cursor = new ChunkedSeriesCursor();
    cursor.reset(message, message.length);
    List<EncodedSeries> out = new ArrayList<>();
    while (cursor.next()) {
      out.add(encoder.encode(cursor));
    }
    return out;
  }

  static EncodedSeries encodeOne(StoreSeriesEncoder encoder, ChunkedSeries series) throws Exception {
    List<EncodedSeries> all = encodeAll(encoder, ChunkedReadResponse.newBuilder().addChunkedSeries(series).build().toByteArray());
    if (all.size() != 1) {
      throw new AssertionError("expected one series, got " + all.size());
    }
    return all.get(0);
  }
}
