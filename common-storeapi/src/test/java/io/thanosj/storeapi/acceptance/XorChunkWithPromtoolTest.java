package io.thanosj.storeapi.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the XOR codec the acceptance suite relies on ({@link XorChunk}, {@link XorIterator})
 * against chunks written by real Prometheus code: promtool (Debian package prometheus, 2.42) turns
 * OpenMetrics text into a block, and every chunk in the block's segment file must decode to the
 * input samples and re-encode to the same bytes, including every timestamp-delta size class.
 */
class XorChunkWithPromtoolTest {

  private static final long WINDOW_START = 1_700_006_400_000L; // 2h-aligned
  private static final double GO_NAN = Double.longBitsToDouble(0x7FF8000000000001L);

  @Test
  void decodesAndReEncodesPromtoolChunksByteForByte(@TempDir Path dir) throws Exception {
    List<long[]> ts = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    StringBuilder om = new StringBuilder("# TYPE m gauge\n");
    long t = WINDOW_START;
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e300, -1e-300};
    for (int i = 0; i < 200; i++) {
      // Regular 15 s steps with jitter of every size class the timestamp encoding has.
      long step = switch (i % 50) {
        case 7 -> 15_001;
        case 13 -> 20_000;   // dod 5000: 14-bit class
        case 21 -> 80_000;   // dod 65000: 17-bit class
        case 33 -> 300_000;  // dod 285000: 20-bit class
        case 45 -> 600_000;  // dod 585000: 64-bit class
        case 41 -> 1;        // dod -14999
        default -> 15_000;
      };
      t += i == 0 ? 0 : step;
      double v = i % 61 == 5 ? specials[(i / 61) % specials.length] : Math.round(Math.cos(i / 7.0) * 1e6) / 1e3 + i;
      ts.add(new long[] {t});
      vs.add(v);
      om.append("m{k=\"v\"} ").append(format(v)).append(' ').append(t / 1000).append('.')
          .append(String.format(Locale.ROOT, "%03d", t % 1000)).append('\n');
    }
    assertThat(t).isLessThan(WINDOW_START + Dataset.WINDOW_MILLIS);
    om.append("# EOF\n");
    Path input = dir.resolve("in.om");
    Files.writeString(input, om, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(dir.resolve("blocks"));
    run("promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), out.toString());

    List<byte[]> chunks = chunksOf(out);
    assertThat(chunks).as("samples span more than one chunk").hasSizeGreaterThan(1);
    long[] allT = new long[ts.size()];
    double[] allV = new double[vs.size()];
    for (int i = 0; i < allT.length; i++) {
      allT[i] = ts.get(i)[0];
      // Prometheus parses "NaN" with Go's math.NaN(), whose bits differ from Java's canonical NaN.
      allV[i] = Double.isNaN(vs.get(i)) ? GO_NAN : vs.get(i);
    }
    int next = 0;
    for (byte[] chunk : chunks) {
      int start = next;
      List<long[]> decoded = new ArrayList<>();
      XorIterator it = new XorIterator(chunk);
      while (it.next()) {
        decoded.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atV())});
      }
      for (long[] sample : decoded) {
        assertThat(sample[0]).as("timestamp of sample %d", next).isEqualTo(allT[next]);
        assertThat(sample[1]).as("value bits of sample %d", next).isEqualTo(Double.doubleToRawLongBits(allV[next]));
        next++;
      }
      assertThat(XorChunk.encode(allT, allV, start, next)).as("re-encoded chunk of samples %d..%d", start, next)
          .isEqualTo(chunk);
    }
    assertThat(next).isEqualTo(allT.length);
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  /** The XOR chunks of the single block promtool wrote, in file order (one series: time order). */
  private static List<byte[]> chunksOf(Path blocksDir) throws IOException {
    List<Path> segments;
    try (Stream<Path> s = Files.walk(blocksDir)) {
      segments = s.filter(p -> p.getParent().getFileName().toString().equals("chunks")).sorted().toList();
    }
    assertThat(segments).hasSize(1);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segments.get(0)));
    assertThat(b.getInt()).as("segment magic").isEqualTo(0x85BD40DD);
    assertThat(b.get()).as("segment version").isEqualTo((byte) 1);
    b.position(8);
    List<byte[]> chunks = new ArrayList<>();
    while (b.hasRemaining()) {
      long len = 0;
      for (int shift = 0; ; shift += 7) {
        int x = b.get() & 0xFF;
        len |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          break;
        }
      }
      assertThat(b.get()).as("encoding byte (XOR = 1 on disk)").isEqualTo((byte) 1);
      byte[] data = new byte[(int) len];
      b.get(data);
      b.getInt(); // CRC32 (Castagnoli) of encoding byte and data; checked by the TSDB module's reader
      chunks.add(data);
    }
    return chunks;
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s\n%s", String.join(" ", cmd), output).isZero();
  }
}
