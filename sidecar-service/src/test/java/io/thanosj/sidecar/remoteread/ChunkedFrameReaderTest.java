package io.thanosj.sidecar.remoteread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.prompb.Chunk;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChunkedFrameReaderTest {

  static ChunkedReadResponse frame(String name, byte[] chunkData) {
    return ChunkedReadResponse.newBuilder()
        .addChunkedSeries(ChunkedSeries.newBuilder()
            .addLabels(Label.newBuilder().setName("__name__").setValue(name))
            .addChunks(Chunk.newBuilder().setMinTimeMs(1).setMaxTimeMs(2).setType(Chunk.Encoding.XOR).setData(ByteString.copyFrom(chunkData))))
        .build();
  }

  /** Frames as Prometheus writes them: uvarint length, big-endian CRC32C, message. */
  static byte[] body(ChunkedReadResponse... frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ChunkedReadResponse f : frames) {
      byte[] msg = f.toByteArray();
      long len = msg.length;
      while (len >= 0x80) {
        out.write((int) (len & 0x7f) | 0x80);
        len >>>= 7;
      }
      out.write((int) len);
      CRC32C crc = new CRC32C();
      crc.update(msg);
      int c = (int) crc.getValue();
      out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
      out.write(msg);
    }
    return out.toByteArray();
  }

  private static ChunkedFrameReader reader(byte[] body) {
    return new ChunkedFrameReader(new ByteArrayInputStream(body), 1 << 20);
  }

  @Test
  void readsFramesUntilTheCleanEndOfTheBody() throws IOException {
    byte[] big = new byte[300]; // a length that needs a two-byte varint
    Arrays.fill(big, (byte) 7);
    ChunkedReadResponse a = frame("a", new byte[] {1, 2, 3});
    ChunkedReadResponse b = frame("b", big);
    byte[] body = body(a, b);
    try (ChunkedFrameReader r = reader(body)) {
      assertThat(r.next()).isEqualTo(a);
      assertThat(r.next()).isEqualTo(b);
      assertThat(r.next()).isNull();
      assertThat(r.offset()).isEqualTo(body.length);
    }
  }

  @Test
  void anEmptyBodyHasNoFrames() throws IOException {
    assertThat(reader(new byte[0]).next()).isNull();
  }

  @Test
  void aCrcMismatchNamesTheFrameAndItsOffset() throws IOException {
    byte[] first = body(frame("a", new byte[] {1}));
    byte[] body = body(frame("a", new byte[] {1}), frame("b", new byte[] {9, 9}));
    body[body.length - 1] ^= 0x01; // flip a bit in the second frame's chunk data
    ChunkedFrameReader r = reader(body);
    r.next();
    assertThatThrownBy(r::next)
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("frame 2 at byte offset " + first.length)
        .hasMessageContaining("CRC32C mismatch")
        .satisfies(e -> assertThat(((CorruptFrameException) e).offset()).isEqualTo(first.length));
  }

  @Test
  void aBodyCutInsideTheMessageIsReportedAsTruncated() throws IOException {
    byte[] body = body(frame("a", new byte[] {1, 2, 3, 4}));
    byte[] cut = Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> reader(cut).next())
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("frame 1 at byte offset 0")
        .hasMessageMatching(".*body ends after \\d+ of the \\d+ bytes of the message.*");
  }

  @Test
  void aBodyCutInsideTheCrcOrTheLengthIsReportedAsTruncated() throws IOException {
    byte[] body = body(frame("a", new byte[] {1}));
    assertThatThrownBy(() -> reader(Arrays.copyOf(body, 3)).next()).hasMessageContaining("bytes of the CRC32C");
    byte[] danglingVarint = {(byte) 0x80};
    assertThatThrownBy(() -> reader(danglingVarint).next()).hasMessageContaining("inside the length varint");
  }

  @Test
  void anOversizedFrameIsRejectedBeforeAnythingIsAllocated() {
    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0, 0, 0};
    assertThatThrownBy(() -> reader(huge).next())
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("frame length 4294967295 exceeds the limit of 1048576 bytes");
    byte[] endless = new byte[12];
    Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> reader(endless).next()).hasMessageContaining("longer than 10 bytes");
  }

  @Test
  void aMessageThatIsNotAChunkedReadResponseIsRejected() throws IOException {
    // A valid frame whose payload is a truncated protobuf (field 1, length 10, 1 byte of content).
    byte[] msg = {0x0a, 0x0a, 0x01};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(msg.length);
    CRC32C crc = new CRC32C();
    crc.update(msg);
    int c = (int) crc.getValue();
    out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
    out.write(msg);
    assertThatThrownBy(() -> reader(out.toByteArray()).next())
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("undecodable ChunkedReadResponse");
  }

  @Test
  void theRequestAcceptsOnlyStreamedChunksAndIsSnappyEncoded() throws IOException {
    var req = RemoteReadRequests.streamedChunks(
        java.util.List.of(io.thanosj.labels.Matcher.of(io.thanosj.labels.Matcher.Type.RE, "job", "a|b")), 10, 20);
    assertThat(req.getAcceptedResponseTypesList()).containsExactly(io.thanosj.storeapi.proto.prompb.ReadRequest.ResponseType.STREAMED_XOR_CHUNKS);
    assertThat(req.getQueries(0).getStartTimestampMs()).isEqualTo(10);
    assertThat(req.getQueries(0).getEndTimestampMs()).isEqualTo(20);
    assertThat(req.getQueries(0).getMatchers(0).getType()).isEqualTo(io.thanosj.storeapi.proto.prompb.LabelMatcher.Type.RE);
    byte[] encoded = RemoteReadRequests.snappyEncoded(req);
    assertThat(io.thanosj.storeapi.proto.prompb.ReadRequest.parseFrom(org.xerial.snappy.Snappy.uncompress(encoded))).isEqualTo(req);
  }
}
