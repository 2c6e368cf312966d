package io.thanosj.tsdb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.tsdb.CorruptBlockException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileSourceTest {

  @Test
  void readsWithinAndAcrossMappingWindows(@TempDir Path dir) throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Path f = dir.resolve("f");
    Files.write(f, data);
    // 64-byte windows stand in for the 1 GiB windows used on files beyond 2 GiB.
    try (MappedFileSource s = MappedFileSource.open(f, "f", 64)) {
      assertThat(s.size()).isEqualTo(1000);
      for (int off = 0; off < 1000; off += 7) {
        for (int len : new int[] {0, 1, 8, 63, 64, 65, 200}) {
          if (off + len > 1000) {
            continue;
          }
          ByteBuffer b = s.read(off, len);
          assertThat(b.position()).isZero();
          assertThat(b.remaining()).isEqualTo(len);
          for (int i = 0; i < len; i++) {
            assertThat(b.get(i)).isEqualTo(data[off + i]);
          }
        }
      }
      assertThatThrownBy(() -> s.read(990, 11))
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining("f: corrupt at offset 990");
      assertThatThrownBy(() -> s.read(-1, 1)).isInstanceOf(CorruptBlockException.class);
    }
  }
}
