package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import io.thanosj.tsdb.testing.SeriesGenerator;
import io.thanosj.tsdb.testing.TestSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deliberate corruption per test on a block on disk (memory-mapped, as the store gateway and
 * sidecar read it): each must end in a {@link CorruptBlockException} naming the damaged file and
 * the exact offset of the damaged structure. The randomised counterpart is {@link
 * BlockCorruptionTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptBlockFilesTest {

  Path tmp;
  Path pristine;
  String id;

  @BeforeAll
  void writeBlock(@TempDir Path dir) {
    tmp = dir;
    List<TestSeries> input = new SeriesGenerator(11).duration(3600_000L).interval(30_000).generate(20);
    try (BlockWriter w = new BlockWriter(tmp.resolve("ok"), BlockWriter.Options.DEFAULT)) {
      for (TestSeries s : input) {
        w.addSeries(s.labels(), s.timestamps(), s.values(), s.size());
      }
      id = w.finish().ulid().toString();
    }
    pristine = tmp.resolve("ok").resolve(id);
    assertThat(readAll(pristine)).isEqualTo(input.stream().mapToInt(TestSeries::size).sum());
  }

  /** A copy of the block with {@code file} changed by {@code damage}. */
  private Path damaged(String file, java.util.function.UnaryOperator<byte[]> damage) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "case").resolve(id);
    try (Stream<Path> walk = Files.walk(pristine)) {
      for (Path p : walk.toList()) {
        Path target = dir.resolve(pristine.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path f = dir.resolve(file);
    Files.write(f, damage.apply(Files.readAllBytes(f)));
    return dir;
  }

  private static byte[] flip(byte[] b, int at) {
    byte[] d = b.clone();
    d[at] ^= 0x10;
    return d;
  }

  /** Opens the block and decodes every sample; returns how many there were. */
  private static int readAll(Path block) {
    int samples = 0;
    try (BlockReader r = BlockReader.open(block)) {
      BlockSeriesSet set = r.querier(r.meta().minTime(), r.meta().maxTime())
          .select(List.of(Matcher.of(Matcher.Type.RE, Labels.METRIC_NAME, ".+")));
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          samples++;
        }
      }
    }
    return samples;
  }

  private void assertCorrupt(Path block, String file, long offset, String detail) {
    assertThatThrownBy(() -> readAll(block))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageStartingWith(id + "/" + file + ": corrupt at offset " + offset + ": ")
        .hasMessageContaining(detail)
        .satisfies(e -> assertThat(((CorruptBlockException) e).offset()).isEqualTo(offset));
  }

  @Test
  void wrongIndexMagic() throws IOException {
    assertCorrupt(damaged("index", b -> flip(b, 1)), "index", 0, "wrong index magic");
  }

  @Test
  void wrongSegmentMagic() throws IOException {
    assertCorrupt(damaged("chunks/000001", b -> flip(b, 3)), "chunks/000001", 0, "magic");
  }

  @Test
  void badIndexTocChecksum() throws IOException {
    // The TOC is the last 52 bytes: six 8-byte offsets, then their CRC32C.
    assertCorrupt(damaged("index", b -> flip(b, b.length - 1)), "index", sizeOf("index") - 4, "index TOC checksum mismatch");
  }

  @Test
  void bitFlipInsideTheFirstChunkFailsItsChecksum() throws IOException {
    byte[] seg = Files.readAllBytes(pristine.resolve("chunks/000001"));
    // The first record starts after the 8-byte segment header: uvarint length, encoding, data, CRC.
    int len = seg[8] & 0x7F;
    int varint = 1;
    if ((seg[8] & 0x80) != 0) {
      len |= (seg[9] & 0x7F) << 7;
      varint = 2;
    }
    long crcAt = 8 + varint + 1 + len;
    int inData = 8 + varint + 1 + len / 2;
    assertCorrupt(damaged("chunks/000001", b -> flip(b, inData)), "chunks/000001", crcAt,
        "chunk checksum mismatch");
  }

  @Test
  void truncatedSegmentIsReportedAtTheRecordThatNoLongerFits() throws IOException {
    byte[] seg = Files.readAllBytes(pristine.resolve("chunks/000001"));
    Path block = damaged("chunks/000001", b -> Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> readAll(block))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageStartingWith(id + "/chunks/000001: corrupt at offset ")
        .hasMessageContaining("runs past the end")
        .satisfies(e -> assertThat(((CorruptBlockException) e).offset()).isBetween(8L, (long) seg.length - 4));
  }

  @Test
  void truncatedIndexIsReportedNotMisread() throws IOException {
    Path block = damaged("index", b -> Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> readAll(block))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageStartingWith(id + "/index: corrupt at offset ");
  }

  @Test
  void badTombstonesChecksum() throws IOException {
    assertCorrupt(damaged("tombstones", b -> flip(b, 8)), "tombstones", 5, "tombstones checksum mismatch");
  }

  private long sizeOf(String file) throws IOException {
    return Files.size(pristine.resolve(file));
  }
}
