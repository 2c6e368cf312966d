package io.thanosj.tsdb.chunks;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.io.ByteSource;
import java.util.List;

/**
 * Random access to a block's chunks by reference ({@code segment index << 32 | offset}) over its
 * segment files, each a {@link ByteSource}. Every chunk is checksum-verified as it is read.
 */
public final class ChunkReader implements AutoCloseable {

  private final List<ByteSource> segments;

  private ChunkReader(List<ByteSource> segments) {
    this.segments = List.copyOf(segments);
  }

  /** Opens the segments, in file-name order; the reader owns and closes them. */
  public static ChunkReader open(List<ByteSource> segments) {
    for (ByteSource s : segments) {
      try {
        SegmentFormat.checkHeader(s);
      } catch (RuntimeException e) {
        segments.forEach(ByteSource::close);
        throw e;
      }
    }
    return new ChunkReader(segments);
  }

  public int segmentCount() {
    return segments.size();
  }

  public ByteSource segment(int index) {
    return segments.get(index);
  }

  /**
   * The chunk at {@code ref}.
   *
   * @throws CorruptBlockException when the reference points outside the segments or the record
   *     there is corrupt
   */
  public EncodedChunk chunk(long ref) {
    int seg = SegmentFormat.segmentIndex(ref);
    long off = SegmentFormat.offset(ref);
    if (seg < 0 || seg >= segments.size()) {
      throw new CorruptBlockException(
          segments.isEmpty() ? "chunks/" : segments.get(segments.size() - 1).name(), off,
          "chunk reference " + ref + " names segment " + seg + " but the block has " + segments.size());
    }
    ByteSource s = segments.get(seg);
    if (off < SegmentFormat.HEADER_SIZE || off >= s.size()) {
      throw new CorruptBlockException(s.name(), off,
          "chunk reference " + ref + " points outside the " + s.size() + "-byte segment");
    }
    int head = (int) Math.min(10, s.size() - off);
    DecodeBuffer h = new DecodeBuffer(s.read(off, head), s.name(), off);
    int len = h.uvarintInt("chunk data length");
    long total = h.position() + 1L + len + 4;
    if (total > s.size() - off) {
      throw new CorruptBlockException(s.name(), off,
          "chunk of " + len + " bytes runs past the end of the " + s.size() + "-byte segment");
    }
    return ChunkRecord.decode(new DecodeBuffer(s.read(off, (int) total), s.name(), off));
  }

  @Override
  public void close() {
    segments.forEach(ByteSource::close);
  }
}
