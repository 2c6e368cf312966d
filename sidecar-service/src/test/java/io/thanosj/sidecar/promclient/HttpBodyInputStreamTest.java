package io.thanosj.sidecar.promclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The body framings, fed through a connection that hands out at most a few bytes per read. */
class HttpBodyInputStreamTest {

  @Test
  void chunkedBodyIsReassembledWhateverTheReadSizes() throws IOException {
    byte[] payload = random(200_000);
    byte[] wire = chunked(payload, 1, 15, 16, 255, 4096, 70_000, 125_617);
    for (int perRead : new int[] {1, 2, 3, 7, 64, 1000, 100_000}) {
      for (int callerRead : new int[] {1, 5, 16 * 1024, 100_000}) {
        assertThat(drain(chunkedStream(wire, perRead), callerRead)).as("%d/%d", perRead, callerRead).isEqualTo(payload);
      }
    }
  }

  @Test
  void singleByteReadsSeeTheSameBytes() throws IOException {
    byte[] payload = random(5_000);
    HttpBodyInputStream in = chunkedStream(chunked(payload, 3, 4093, 1904), 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      out.write(b);
    }
    assertThat(out.toByteArray()).isEqualTo(payload);
    assertThat(in.bodyBytes()).isEqualTo(5_000);
  }

  @Test
  void chunkSizesInEitherCaseWithExtensionsAndTrailersAreAccepted() throws IOException {
    String wire = "a;name=value\r\n0123456789\r\n"
        + "1F ; ext\r\nabcdefghijklmnopqrstuvwxyzABCDE\r\n"
        + "1f\r\nabcdefghijklmnopqrstuvwxyzABCDE\r\n"
        + "0;last\r\nX-Trailer: 1\r\nY-Trailer: 2\r\n\r\n";
    for (int perRead : new int[] {1, 4, 1000}) {
      assertThat(new String(drain(chunkedStream(ascii(wire), perRead), 8192), StandardCharsets.US_ASCII))
          .isEqualTo("0123456789" + "abcdefghijklmnopqrstuvwxyzABCDE".repeat(2));
    }
  }

  @Test
  void bareLineFeedsAreTolerated() throws IOException {
    assertThat(new String(drain(chunkedStream(ascii("3\nabc\n0\n\n"), 2), 10), StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void aChunkedBodyCutShortIsAnErrorNeverACleanEnd() {
    byte[] payload = random(10_000);
    byte[] full = chunked(payload, 4000, 6000);
    // Every cut before the final CRLF of the last chunk's trailer section must fail.
    for (int cut = 0; cut < full.length; cut += (cut < 40 || cut > full.length - 40) ? 1 : 997) {
      byte[] wire = Arrays.copyOf(full, cut);
      int at = cut;
      assertThatThrownBy(() -> drain(chunkedStream(wire, 333), 4096)).as("cut at %d", at)
          .isInstanceOf(EOFException.class).hasMessageContaining("chunked response body truncated");
    }
  }

  @Test
  void truncationInsideAChunkSaysHowFarItGot() {
    byte[] wire = ascii("10\r\n0123456789");
    assertThatThrownBy(() -> drain(chunkedStream(wire, 100), 100))
        .isInstanceOf(EOFException.class)
        .hasMessage("POST http://p/api/v1/read: chunked response body truncated: the connection ended after 10 of the 16 bytes of a chunk, 10 body bytes in");
  }

  @Test
  void malformedChunkFramingIsAnErrorWithTheOffendingLine() {
    assertThatThrownBy(() -> drain(chunkedStream(ascii("zz\r\nabc\r\n0\r\n\r\n"), 100), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("invalid chunk-size line \"zz\"");
    assertThatThrownBy(() -> drain(chunkedStream(ascii("3\r\nabcdef\r\n0\r\n\r\n"), 100), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("chunk of 3 bytes is followed by \"def\" instead of a line end");
    assertThatThrownBy(() -> drain(chunkedStream(ascii("ffffffffffffffff\r\nabc"), 100), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("invalid chunk-size line");
    assertThatThrownBy(() -> drain(chunkedStream(ascii("\r\nabc"), 100), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("invalid chunk-size line \"\"");
  }

  @Test
  void contentLengthBodiesEndAtTheirLengthAndMustBeComplete() throws IOException {
    byte[] payload = random(50_000);
    byte[] wire = Arrays.copyOf(payload, payload.length + 10); // bytes past the length are not body
    HttpBodyInputStream in = stream(wire, 777);
    in.startLength(payload.length);
    assertThat(drain(in, 20_000)).isEqualTo(payload);
    assertThat(in.read()).isEqualTo(-1);

    HttpBodyInputStream cut = stream(Arrays.copyOf(payload, 30_000), 777);
    cut.startLength(payload.length);
    assertThatThrownBy(() -> drain(cut, 20_000)).isInstanceOf(EOFException.class)
        .hasMessageContaining("truncated: the connection ended after 30000 of 50000 bytes (Content-Length)");
  }

  @Test
  void aBodyWithoutLengthOrChunkingEndsWhenTheConnectionDoes() throws IOException {
    byte[] payload = random(70_000);
    HttpBodyInputStream in = stream(payload, 1500);
    in.startUntilClose();
    assertThat(drain(in, 30_000)).isEqualTo(payload);
  }

  @Test
  void headerLinesAndBodyShareTheBuffer() throws IOException {
    HttpBodyInputStream in = stream(ascii("HTTP/1.1 200 OK\r\nA: b\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 3);
    assertThat(in.readHeaderLine()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(in.readHeaderLine()).isEqualTo("A: b");
    assertThat(in.readHeaderLine()).isEmpty();
    in.startChunked();
    assertThat(new String(drain(in, 100), StandardCharsets.US_ASCII)).isEqualTo("hello");
  }

  @Test
  void readingAfterCloseFails() throws IOException {
    boolean[] closed = {false};
    HttpBodyInputStream in = new HttpBodyInputStream(new ByteArrayInputStream(ascii("5\r\nhello\r\n0\r\n\r\n")), () -> closed[0] = true, "test", 0);
    in.startChunked();
    in.close();
    in.close();
    assertThat(closed[0]).isTrue();
    assertThatThrownBy(() -> in.read(new byte[5], 0, 5)).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  private static HttpBodyInputStream chunkedStream(byte[] wire, int perRead) {
    HttpBodyInputStream in = stream(wire, perRead);
    in.startChunked();
    return in;
  }

  private static HttpBodyInputStream stream(byte[] wire, int perRead) {
    return new HttpBodyInputStream(new Trickle(wire, perRead), () -> {}, "POST http://p/api/v1/read", 0);
  }

  /** Chunked coding of {@code payload} with the given chunk sizes, then whatever is left as one chunk. */
  static byte[] chunked(byte[] payload, int... sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    for (int i = 0; at < payload.length; i++) {
      int n = i < sizes.length ? Math.min(sizes[i], payload.length - at) : payload.length - at;
      out.writeBytes(ascii((i % 2 == 0 ? Integer.toHexString(n) : Integer.toHexString(n).toUpperCase()) + "\r\n"));
      out.write(payload, at, n);
      out.writeBytes(ascii("\r\n"));
      at += n;
    }
    out.writeBytes(ascii("0\r\n\r\n"));
    return out.toByteArray();
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(n);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] drain(InputStream in, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** A connection that returns at most {@code perRead} bytes per read, as TCP may. */
  private static final class Trickle extends InputStream {
    private final byte[] data;
    private final int perRead;
    private int pos;

    Trickle(byte[] data, int perRead) {
      this.data = data;
      this.perRead = perRead;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, perRead), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
