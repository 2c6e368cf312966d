package io.thanosj.sidecar.store;

import static io.thanosj.sidecar.store.RemoteReadSeriesFixture.encodeAll;
import static io.thanosj.sidecar.store.RemoteReadSeriesFixture.encodeOne;
import static io.thanosj.sidecar.store.RemoteReadSeriesFixture.series;
import static io.thanosj.sidecar.store.RemoteReadSeriesFixture.xor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.prompb.Chunk;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

class StoreSeriesEncoderTest {

  private static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "ä");

  /** What the sidecar must serve, built with the protobuf classes. */
  private static Series expected(Labels served, Chunk... chunks) {
    Series.Builder b = Series.newBuilder();
    served.forEach((n, v) -> b.addLabels(Label.newBuilder().setName(n).setValue(v)));
    for (Chunk c : chunks) {
      b.addChunks(AggrChunk.newBuilder().setMinTime(c.getMinTimeMs()).setMaxTime(c.getMaxTimeMs())
          .setRaw(io.thanosj.storeapi.proto.Chunk.newBuilder()
              .setTypeValue(c.getTypeValue() - 1)
              .setData(c.getData())
              .setHash(LongHashFunction.xx().hashBytes(c.getData().toByteArray()))));
    }
    return b.build();
  }

  @Test
  void theEncodingIsByteForByteWhatProtobufWritesWithExternalLabelsWinningAClash() throws Exception {
    StoreSeriesEncoder encoder = new StoreSeriesEncoder(EXTERNAL, Set.of());
    Chunk a = xor(1000, 2000, (byte) 1, (byte) 2, (byte) 3);
    Chunk b = xor(-5, 0, new byte[300]); // negative and zero times, a two-byte length
    EncodedSeries got = encodeOne(encoder, series(Labels.of("__name__", "up", "cluster", "us", "job", "x"), a, b));
    Series want = expected(Labels.of("__name__", "up", "cluster", "eu", "job", "x", "replica", "ä"), a, b);
    assertThat(got.bytes()).isEqualTo(want.toByteArray());
    assertThat(got.toSeries()).isEqualTo(want);
    assertThat(got.labels()).isEqualTo(Labels.of("__name__", "up", "cluster", "eu", "job", "x", "replica", "ä"));
  }

  @Test
  void withoutReplicaLabelsAreDroppedWhetherExternalOrStored() throws Exception {
    StoreSeriesEncoder encoder = new StoreSeriesEncoder(EXTERNAL, Set.of("replica", "pod"));
    EncodedSeries got = encodeOne(encoder, series(Labels.of("__name__", "up", "pod", "p1", "replica", "x")));
    assertThat(got.labels()).isEqualTo(Labels.of("__name__", "up", "cluster", "eu"));
  }

  @Test
  void unsortedWireLabelsAreSortedFirst() throws Exception {
    ChunkedSeries unsorted = ChunkedSeries.newBuilder()
        .addLabels(Label.newBuilder().setName("job").setValue("x"))
        .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
        .build();
    EncodedSeries got = encodeOne(new StoreSeriesEncoder(Labels.of("replica", "a"), Set.of()), unsorted);
    assertThat(got.toSeries()).isEqualTo(expected(Labels.of("__name__", "up", "job", "x", "replica", "a")));
  }

  @Test
  void aSeriesWithoutChunksOrStoredLabelsStillCarriesTheExternalLabels() throws Exception {
    EncodedSeries got = encodeOne(new StoreSeriesEncoder(EXTERNAL, Set.of()), ChunkedSeries.getDefaultInstance());
    assertThat(got.bytes()).isEqualTo(expected(EXTERNAL).toByteArray());
  }

  @Test
  void manyChunksAndAllThreeEncodingsAreCarried() throws Exception {
    List<Chunk> chunks = new ArrayList<>();
    Random rnd = new Random(1);
    for (int i = 0; i < 100; i++) {
      byte[] data = new byte[rnd.nextInt(400)];
      rnd.nextBytes(data);
      chunks.add(Chunk.newBuilder().setMinTimeMs(i * 1000L).setMaxTimeMs(i * 1000L + 999)
          .setTypeValue(1 + i % 3).setData(ByteString.copyFrom(data)).build());
    }
    Chunk[] all = chunks.toArray(new Chunk[0]);
    EncodedSeries got = encodeOne(new StoreSeriesEncoder(EXTERNAL, Set.of()), series(Labels.of("__name__", "h"), all));
    assertThat(got.bytes()).isEqualTo(expected(Labels.of("__name__", "h", "cluster", "eu", "replica", "ä"), all).toByteArray());
  }

  @Test
  void unknownFieldsAtEveryLevelAreSkipped() throws Exception {
    Chunk c = xor(10, 20, (byte) 9);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    CodedOutputStream w = CodedOutputStream.newInstance(chunk);
    w.writeUInt64(9, 77); // unknown varint before the known fields
    c.writeTo(w);
    w.writeBytes(15, ByteString.copyFromUtf8("junk"));
    w.writeFixed32(3, 5); // a known number with the wrong wire type is unknown too
    w.flush();
    ByteArrayOutputStream label = new ByteArrayOutputStream();
    CodedOutputStream lw = CodedOutputStream.newInstance(label);
    lw.writeString(1, "__name__");
    lw.writeFixed64(7, 1);
    lw.writeString(2, "up");
    lw.flush();
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    CodedOutputStream sw = CodedOutputStream.newInstance(series);
    sw.writeByteArray(1, label.toByteArray());
    sw.writeString(3, "unknown");
    sw.writeByteArray(2, chunk.toByteArray());
    sw.flush();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    CodedOutputStream rw = CodedOutputStream.newInstance(response);
    rw.writeInt64(2, 3); // query_index, before the series
    rw.writeByteArray(1, series.toByteArray());
    rw.writeBytes(12, ByteString.copyFromUtf8("trailing unknown"));
    rw.flush();

    List<EncodedSeries> got = encodeAll(new StoreSeriesEncoder(Labels.EMPTY, Set.of()), response.toByteArray());
    assertThat(got).hasSize(1);
    assertThat(got.get(0).toSeries()).isEqualTo(expected(Labels.of("__name__", "up"), c));
  }

  @Test
  void severalSeriesOfOneFrameComeOutInOrder() throws Exception {
    ChunkedReadResponse frame = ChunkedReadResponse.newBuilder()
        .addChunkedSeries(series(Labels.of("__name__", "a"), xor(1, 2, (byte) 1)))
        .addChunkedSeries(series(Labels.of("__name__", "b")))
        .addChunkedSeries(series(Labels.of("__name__", "c"), xor(3, 4, (byte) 2), xor(5, 6, (byte) 3)))
        .build();
    List<EncodedSeries> got = encodeAll(new StoreSeriesEncoder(EXTERNAL, Set.of()), frame.toByteArray());
    assertThat(got).extracting(s -> s.labels().get("__name__")).containsExactly("a", "b", "c");
    assertThat(got.get(2).toSeries().getChunksCount()).isEqualTo(2);
  }

  @Test
  void aChunkEncodingStoreApiCannotCarryIsRefusedNamingTheSeries() {
    Chunk bad = Chunk.newBuilder().setMinTimeMs(1).setMaxTimeMs(2).setTypeValue(7).build();
    assertThatThrownBy(() -> encodeOne(new StoreSeriesEncoder(EXTERNAL, Set.of()), series(Labels.of("__name__", "up"), bad)))
        .isInstanceOf(StoreSeriesEncoder.UnservableSeriesException.class)
        .hasMessageContaining("encoding 7")
        .satisfies(e -> assertThat(((StoreSeriesEncoder.UnservableSeriesException) e).labels().get("__name__")).isEqualTo("up"));
  }

  @Test
  void labelBytesThatAreNotUtf8AreRefused() throws Exception {
    ByteArrayOutputStream label = new ByteArrayOutputStream();
    CodedOutputStream lw = CodedOutputStream.newInstance(label);
    lw.writeString(1, "__name__");
    lw.writeByteArray(2, new byte[] {(byte) 0xc3, 0x28});
    lw.flush();
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    CodedOutputStream sw = CodedOutputStream.newInstance(series);
    sw.writeByteArray(1, label.toByteArray());
    sw.flush();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    CodedOutputStream rw = CodedOutputStream.newInstance(response);
    rw.writeByteArray(1, series.toByteArray());
    rw.flush();
    assertThatThrownBy(() -> encodeAll(new StoreSeriesEncoder(EXTERNAL, Set.of()), response.toByteArray()))
        .isInstanceOf(StoreSeriesEncoder.UnservableSeriesException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void encodedSeriesOrderLikePrometheusLabels() throws Exception {
    StoreSeriesEncoder encoder = new StoreSeriesEncoder(Labels.EMPTY, Set.of());
    String[] names = {"__name__", "a", "b", "code", "zone", "é"};
    String[] values = {"", "1", "10", "2", "x", "\uD83D\uDE00", "\uFFFD"}; // "" = label left out
    Random rnd = new Random(7);
    List<Labels> labels = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Labels.Builder b = new Labels.Builder();
      for (String n : names) {
        b.set(n, values[rnd.nextInt(values.length)]);
      }
      labels.add(b.build());
    }
    labels.add(Labels.EMPTY);
    List<EncodedSeries> encoded = new ArrayList<>();
    for (Labels l : labels) {
      encoded.add(encodeOne(encoder, series(l)));
    }
    for (int i = 0; i < labels.size(); i++) {
      for (int j = 0; j < labels.size(); j++) {
        int want = Integer.signum(Labels.compare(labels.get(i), labels.get(j)));
        assertThat(Integer.signum(EncodedSeries.compareLabels(encoded.get(i), encoded.get(j))))
            .as("%s vs %s", labels.get(i), labels.get(j)).isEqualTo(want);
      }
    }
  }
}
