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
}
