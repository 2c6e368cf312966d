package io.thanosj.query.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.thanosj.chunk.XorChunk;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSeriesIteratorTest {

  static AggrChunk chunk(long... ts) {
    double[] vs = new double[ts.length];
    for (int i = 0; i < ts.length; i++) {
      vs[i] = ts[i] / 10.0;
    }
    return AggrChunk.newBuilder().setMinTime(ts[0]).setMaxTime(ts[ts.length - 1])
        .setRaw(Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(ByteString.copyFrom(XorChunk.encode(ts, vs, 0, ts.length))))
        .build();
  }

  private static List<Long> drain(ChunkSeriesIterator it) {
    List<Long> out = new ArrayList<>();
    while (it.next()) {
      out.add(it.atT());
      assertThat(it.atV()).isEqualTo(it.atT() / 10.0);
    }
    return out;
  }

  private static ChunkSeriesIterator raw(List<AggrChunk> chunks, long mint, long maxt) {
    return new ChunkSeriesIterator(chunks, Aggregates.part(List.of(io.thanosj.storeapi.proto.Aggr.COUNT, io.thanosj.storeapi.proto.Aggr.SUM)), mint, maxt);
  }

  @Test
  void readsChunksInOrderTrimmedToTheRange() {
    List<AggrChunk> chunks = List.of(chunk(10, 20, 30), chunk(40, 50, 60), chunk(70, 80));
    assertThat(drain(raw(chunks, Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L);
    assertThat(drain(raw(chunks, 25, 65))).containsExactly(30L, 40L, 50L, 60L);
  }

  @Test
  void overlappingChunksNeverGoBackInTime() {
    List<AggrChunk> chunks = List.of(chunk(10, 20, 30, 40), chunk(30, 40, 50), chunk(45, 60));
    assertThat(drain(raw(chunks, Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly(10L, 20L, 30L, 40L, 50L, 60L);
  }

  @Test
  void seekSkipsWholeChunksAndNeverMovesBack() {
    List<AggrChunk> chunks = List.of(chunk(10, 20, 30), chunk(40, 50, 60), chunk(70, 80));
    ChunkSeriesIterator it = raw(chunks, Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(it.seek(45)).isTrue();
    assertThat(it.atT()).isEqualTo(50);
    assertThat(it.seek(10)).isTrue();
    assertThat(it.atT()).isEqualTo(50);
    assertThat(it.next()).isTrue();
    assertThat(it.atT()).isEqualTo(60);
    assertThat(it.seek(80)).isTrue();
    assertThat(it.atT()).isEqualTo(80);
    assertThat(it.seek(81)).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void aggregatesFallBackToRaw() {
    AggrChunk downsampled = chunk(10, 20).toBuilder().clearRaw().setMax(chunk(100, 200).getRaw()).build();
    ChunkSeriesIterator max = new ChunkSeriesIterator(List.of(downsampled, chunk(300)),
        Aggregates.part(Aggregates.forFunction("max_over_time")), Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(drain(max)).containsExactly(100L, 200L, 300L);
  }

  @Test
  void aggregatesFollowTheFunction() {
    assertThat(Aggregates.forFunction("rate")).containsExactly(io.thanosj.storeapi.proto.Aggr.COUNTER);
    assertThat(Aggregates.forFunction("sum")).containsExactly(io.thanosj.storeapi.proto.Aggr.COUNT, io.thanosj.storeapi.proto.Aggr.SUM);
    assertThat(Aggregates.forFunction("sum_over_time")).containsExactly(io.thanosj.storeapi.proto.Aggr.SUM);
    assertThat(Aggregates.forFunction("min")).containsExactly(io.thanosj.storeapi.proto.Aggr.MIN);
    assertThat(Aggregates.forFunction("count_over_time")).containsExactly(io.thanosj.storeapi.proto.Aggr.COUNT);
  }

  private static Chunk xor(long[] ts, double[] vs) {
    return Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(ByteString.copyFrom(XorChunk.encode(ts, vs, 0, ts.length))).build();
  }

  private static List<String> samples(ChunkSeriesIterator it) {
    List<String> out = new ArrayList<>();
    while (it.next()) {
      out.add(it.atT() + "=" + it.atV());
    }
    return out;
  }

  @Test
  void averageReadsRawChunksAsTheyAreAndDownsampledOnesAsSumOverCount() {
    long[] ts = {100, 200};
    AggrChunk downsampled = AggrChunk.newBuilder().setMinTime(100).setMaxTime(200)
        .setCount(xor(ts, new double[] {2, 4})).setSum(xor(ts, new double[] {10, 12})).build();
    ChunkSeriesIterator avg = new ChunkSeriesIterator(List.of(chunk(10, 20), downsampled, chunk(300)),
        Aggregates.part(Aggregates.forFunction("avg_over_time")), Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(samples(avg)).containsExactly("10=1.0", "20=2.0", "100=5.0", "200=3.0", "300=30.0");
    // Seeking lands on averaged samples too.
    ChunkSeriesIterator sought = new ChunkSeriesIterator(List.of(downsampled),
        Aggregates.part(Aggregates.forFunction("")), Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(sought.seek(150)).isTrue();
    assertThat(sought.atT()).isEqualTo(200);
    assertThat(sought.atV()).isEqualTo(3.0);
  }

  @Test
  void counterAggregatesApplyResetsAcrossChunksUsingTheTrailingTrueLastValue() {
    // Thanos' layout: first raw sample, window values, then the last timestamp again with the last raw value.
    AggrChunk first = AggrChunk.newBuilder().setMinTime(1).setMaxTime(200)
        .setCounter(xor(new long[] {1, 100, 200, 200}, new double[] {1, 10, 20, 20})).build();
    AggrChunk second = AggrChunk.newBuilder().setMinTime(201).setMaxTime(300)
        .setCounter(xor(new long[] {201, 300, 300}, new double[] {2, 5, 5})).build();
    ChunkSeriesIterator rate = new ChunkSeriesIterator(List.of(first, second),
        Aggregates.part(Aggregates.forFunction("rate")), Long.MIN_VALUE, Long.MAX_VALUE);
    // 2 < 20 at t=201 is a reset: 2 is added; the duplicate samples at 200 and 300 are not emitted.
    assertThat(samples(rate)).containsExactly("1=1.0", "100=10.0", "200=20.0", "201=22.0", "300=25.0");
    ChunkSeriesIterator bounded = new ChunkSeriesIterator(List.of(first, second),
        Aggregates.part(Aggregates.forFunction("rate")), 150, 250);
    assertThat(samples(bounded)).containsExactly("200=20.0", "201=22.0");
  }

  @Test
  void rawCounterChunksAreLeftAsTheyAre() {
    AggrChunk a = AggrChunk.newBuilder().setMinTime(10).setMaxTime(20).setRaw(xor(new long[] {10, 20}, new double[] {5, 1})).build();
    ChunkSeriesIterator rate = new ChunkSeriesIterator(List.of(a), Aggregates.part(Aggregates.forFunction("rate")),
        Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(samples(rate)).containsExactly("10=5.0", "20=1.0");
  }
}
