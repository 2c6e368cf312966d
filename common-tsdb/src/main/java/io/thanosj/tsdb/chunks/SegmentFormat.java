package io.thanosj.tsdb.chunks;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;

/** Constants of block chunk segment files ({@code chunks/000001} …) and their header check. */
public final class SegmentFormat {

  public static final int MAGIC = 0x85BD40DD;
  public static final int VERSION = 1;
  /** Magic, version byte and three zero bytes; the first chunk starts right after. */
  public static final int HEADER_SIZE = 8;
  /** Prometheus' default segment size limit (512 MiB). */
  public static final long DEFAULT_MAX_SEGMENT_SIZE = 512L * 1024 * 1024;
  /** Record overhead Prometheus assumes when deciding to cut a segment: max uvarint, encoding, CRC. */
  public static final int MAX_RECORD_OVERHEAD = 5 + 1 + 4;

  private SegmentFormat() {}

  /** Segment file name for a 1-based sequence number: {@code 000001}. */
  public static String fileName(int sequence) {
    return String.format("%06d", sequence);
  }

  /** Chunk reference: segment index (0-based position among the files) and byte offset. */
  public static long ref(int segmentIndex, long offset) {
    return ((long) segmentIndex << 32) | offset;
  }

  public static int segmentIndex(long ref) {
    return (int) (ref >>> 32);
  }

  public static long offset(long ref) {
    return ref & 0xFFFFFFFFL;
  }

  public static void checkHeader(ByteSource segment) {
    if (segment.size() < HEADER_SIZE) {
      throw new CorruptBlockException(segment.name(), 0,
          "chunk segment of " + segment.size() + " bytes has no header");
    }
    ByteBuffer h = segment.read(0, HEADER_SIZE);
    int magic = h.getInt(0);
    if (magic != MAGIC) {
      throw new CorruptBlockException(segment.name(), 0,
          String.format("wrong chunk segment magic %08x, want %08x", magic, MAGIC));
    }
    int version = h.get(4) & 0xFF;
    if (version != VERSION) {
      throw new CorruptBlockException(segment.name(), 4, "unsupported chunk segment version " + version);
    }
  }
}
