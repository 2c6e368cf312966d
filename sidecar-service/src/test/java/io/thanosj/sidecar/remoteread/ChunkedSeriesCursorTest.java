package io.thanosj.sidecar.remoteread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.prompb.Chunk;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChunkedSeriesCursorTest {

  private static String string(ChunkedSeriesCursor c, int offset, int length) {
    return new String(c.buffer(), offset, length, StandardCharsets.UTF_8);
  }

  @Test
  void readsLabelsAndChunksInPlace() throws Exception {
    byte[] msg = ChunkedReadResponse.newBuilder()
        .addChunkedSeries(ChunkedSeries.newBuilder()
            .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
            .addLabels(Label.newBuilder().setName("job").setValue(""))
            .addChunks(Chunk.newBuilder().setMinTimeMs(-1).setMaxTimeMs(5).setType(Chunk.Encoding.FLOAT_HISTOGRAM)
                .setData(ByteString.copyFrom(new byte[] {4, 5}))))
        .addChunkedSeries(ChunkedSeries.getDefaultInstance())
        .setQueryIndex(1)
        .build().toByteArray();
    ChunkedSeriesCursor c = new ChunkedSeriesCursor();
    c.reset(msg, msg.length);
    assertThat(c.next()).isTrue();
    assertThat(c.labelCount()).isEqualTo(2);
    assertThat(string(c, c.nameOffset(0), c.nameLength(0))).isEqualTo("__name__");
    assertThat(string(c, c.valueOffset(0), c.valueLength(0))).isEqualTo("up");
    assertThat(c.valueLength(1)).isZero();
    assertThat(c.chunkCount()).isEqualTo(1);
    assertThat(c.minTime(0)).isEqualTo(-1);
    assertThat(c.maxTime(0)).isEqualTo(5);
    assertThat(c.type(0)).isEqualTo(3);
    assertThat(Arrays.copyOfRange(c.buffer(), c.dataOffset(0), c.dataOffset(0) + c.dataLength(0))).containsExactly(4, 5);
    assertThat(c.next()).isTrue(); // an empty series is still a series
    assertThat(c.labelCount()).isZero();
    assertThat(c.chunkCount()).isZero();
    assertThat(c.next()).isFalse();
  }

  @Test
  void aTruncatedMessageNamesTheOffset() {
    byte[] msg = ChunkedReadResponse.newBuilder()
        .addChunkedSeries(ChunkedSeries.newBuilder().addLabels(Label.newBuilder().setName("__name__").setValue("up")))
        .build().toByteArray();
    byte[] cut = Arrays.copyOf(msg, msg.length - 2);
    ChunkedSeriesCursor c = new ChunkedSeriesCursor();
    c.reset(cut, cut.length);
    assertThatThrownBy(c::next)
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("undecodable ChunkedReadResponse near message offset");
  }

  @Test
  void aFieldLongerThanItsMessageIsRejected() {
    // series of 4 bytes holding a label whose length (100) runs past it
    byte[] msg = {0x0a, 0x04, 0x0a, 0x64, 0x0a, 0x01};
    ChunkedSeriesCursor c = new ChunkedSeriesCursor();
    c.reset(msg, msg.length);
    assertThatThrownBy(c::next).isInstanceOf(InvalidProtocolBufferException.class);
  }
}
