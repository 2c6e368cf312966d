package io.thanosj.tsdb.chunks;

import io.thanosj.tsdb.encoding.EncodeBuffer;
import io.thanosj.tsdb.io.PositionedOutput;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes a block's chunk segment files ({@code chunks/000001}, …). Chunks are written one series at
 * a time, and a new segment is started with exactly the rule Prometheus 2.42's {@code
 * chunks.Writer.WriteChunks} uses: a series' chunks are split into batches that fit the segment
 * size limit (counting each chunk as 5 + 1 + data + 4 bytes), a batch never leaves a segment empty,
 * and an oversized chunk still gets written. Same chunks in, same files and references out.
 */
public final class SegmentWriter implements AutoCloseable {

  private final Path dir;
  private final long maxSegmentSize;
  private final EncodeBuffer record = new EncodeBuffer(256);
  private PositionedOutput out;
  private int sequence; // number of segment files started
  private long written;

  public SegmentWriter(Path chunksDir, long maxSegmentSize) {
    this.dir = chunksDir;
    this.maxSegmentSize = maxSegmentSize;
  }

  /** Number of segment files written so far. */
  public int segmentCount() {
    return sequence;
  }

  /** Total bytes written across segments, headers included. */
  public long bytesWritten() {
    return written + (out == null ? 0 : out.position());
  }

  /**
   * Writes the chunks of one series and stores their references in {@code refsOut}.
   *
   * @param encodings on-disk encoding byte per chunk
   * @param data chunk data per chunk
   */
  public void writeSeriesChunks(int[] encodings, byte[][] data, int count, long[] refsOut) {
    long batchSize = 0;
    boolean firstBatch = true;
    int batchStart = 0;
    for (int i = 0; i < count; i++) {
      long size = SegmentFormat.MAX_RECORD_OVERHEAD + (long) data[i].length;
      batchSize += size;
      boolean cut = i != 0 && batchSize + SegmentFormat.HEADER_SIZE > maxSegmentSize;
      long n = out == null ? 0 : out.position();
      if (firstBatch && n > SegmentFormat.HEADER_SIZE) {
        cut = batchSize + n > maxSegmentSize;
        if (cut) {
          firstBatch = false;
        }
      }
      if (cut) {
        writeBatch(encodings, data, batchStart, i, refsOut);
        cutSegment();
        batchStart = i;
        batchSize = size;
      }
    }
    if (out == null) {
      cutSegment();
    }
    writeBatch(encodings, data, batchStart, count, refsOut);
  }

  private void writeBatch(int[] encodings, byte[][] data, int from, int to, long[] refsOut) {
    if (from == to) {
      return;
    }
    if (out == null) {
      cutSegment();
    }
    for (int i = from; i < to; i++) {
      refsOut[i] = SegmentFormat.ref(sequence - 1, out.position());
      record.reset().uvarint(data[i].length);
      int encAt = record.length();
      record.u8(encodings[i]).bytes(data[i], 0, data[i].length);
      CRC32C crc = new CRC32C();
      crc.update(record.array(), encAt, record.length() - encAt);
      record.be32((int) crc.getValue());
      out.write(record.array(), 0, record.length());
    }
  }

  private void cutSegment() {
    if (out != null) {
      written += out.position();
      out.close();
    }
    sequence++;
    out = new PositionedOutput(dir.resolve(SegmentFormat.fileName(sequence)));
    EncodeBuffer h = new EncodeBuffer(8).be32(SegmentFormat.MAGIC).u8(SegmentFormat.VERSION).zeros(3);
    out.write(h.array(), 0, h.length());
  }

  @Override
  public void close() {
    if (out != null) {
      written += out.position();
      out.close();
      out = null;
    }
  }
}
