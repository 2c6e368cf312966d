package io.thanosj.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.storeapi.proto.Chunk;
import org.junit.jupiter.api.Test;

class ChunkEncodingTest {

  @Test
  void translatesBetweenDiskStoreApiAndRemoteReadNumbers() {
    assertThat(ChunkEncoding.toStoreApi(ChunkEncoding.XOR)).isEqualTo(Chunk.Encoding.XOR_VALUE);
    assertThat(ChunkEncoding.toStoreApi(ChunkEncoding.HISTOGRAM)).isEqualTo(Chunk.Encoding.HISTOGRAM_VALUE);
    assertThat(ChunkEncoding.toStoreApi(ChunkEncoding.FLOAT_HISTOGRAM))
        .isEqualTo(Chunk.Encoding.FLOAT_HISTOGRAM_VALUE);
    for (int disk = 1; disk <= 3; disk++) {
      assertThat(ChunkEncoding.fromStoreApi(ChunkEncoding.toStoreApi(disk))).isEqualTo(disk);
      assertThat(ChunkEncoding.fromRemoteRead(ChunkEncoding.toRemoteRead(disk))).isEqualTo(disk);
    }
    assertThat(ChunkEncoding.toRemoteRead(ChunkEncoding.XOR))
        .isEqualTo(io.thanosj.storeapi.proto.prompb.Chunk.Encoding.XOR_VALUE);
  }

  @Test
  void aggregatedAndUnknownEncodingsDoNotTranslate() {
    assertThat(ChunkEncoding.isKnown(ChunkEncoding.AGGREGATED)).isTrue();
    assertThat(ChunkEncoding.isKnown(0)).isFalse();
    assertThat(ChunkEncoding.isKnown(0x81)).isFalse();
    assertThatThrownBy(() -> ChunkEncoding.toStoreApi(ChunkEncoding.AGGREGATED))
        .hasMessageContaining("aggregated");
    assertThatThrownBy(() -> ChunkEncoding.fromRemoteRead(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChunkEncoding.name(0x42)).isEqualTo("unknown(0x42)");
  }
}
