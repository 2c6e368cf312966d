package io.thanosj.tsdb.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.io.ByteSource;
import io.thanosj.tsdb.io.MappedFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentWriterTest {

  @Test
  void rollsOverAtTheSizeLimitAndReadsBackEveryChunkByReference(@TempDir Path dir) throws Exception {
    long limit = 1000;
    List<long[]> refs = new ArrayList<>();
    List<byte[][]> datas = new ArrayList<>();
    try (SegmentWriter w = new SegmentWriter(dir, limit)) {
      for (int s = 0; s < 40; s++) {
        int k = 1 + s % 4;
        byte[][] data = new byte[k][];
        int[] enc = new int[k];
        for (int c = 0; c < k; c++) {
          data[c] = new byte[50 + (s * 13 + c * 7) % 120];
          for (int i = 0; i < data[c].length; i++) {
            data[c][i] = (byte) (s ^ c ^ i);
          }
          enc[c] = c == 3 ? ChunkEncoding.HISTOGRAM : ChunkEncoding.XOR;
        }
        long[] r = new long[k];
        w.writeSeriesChunks(enc, data, k, r);
        refs.add(r);
        datas.add(data);
      }
      // an oversized chunk is still written, alone in its segment
      long[] big = new long[1];
      w.writeSeriesChunks(new int[] {ChunkEncoding.XOR}, new byte[][] {new byte[3000]}, 1, big);
      refs.add(big);
      datas.add(new byte[][] {new byte[3000]});
    }
    List<Path> files = BlockReader.segmentFiles(dir);
    assertThat(files.size()).isGreaterThan(5);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("000001");
    for (Path f : files.subList(0, files.size() - 1)) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(limit);
    }
    List<ByteSource> srcs = new ArrayList<>();
    for (Path f : files) {
      srcs.add(MappedFileSource.open(f, "chunks/" + f.getFileName()));
    }
    try (ChunkReader r = ChunkReader.open(srcs)) {
      for (int s = 0; s < refs.size(); s++) {
        for (int c = 0; c < refs.get(s).length; c++) {
          EncodedChunk ch = r.chunk(refs.get(s)[c]);
          assertThat(ch.toByteArray()).isEqualTo(datas.get(s)[c]);
          assertThat(ch.encoding()).isEqualTo(c == 3 ? ChunkEncoding.HISTOGRAM : ChunkEncoding.XOR);
        }
      }
    }
  }
}
