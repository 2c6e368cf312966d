package io.thanosj.tsdb.index;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.encoding.EncodeBuffer;
import io.thanosj.tsdb.io.ByteSource;

/**
 * The table of contents in the last 52 bytes of an index file: absolute offsets of its sections (0
 * when a section is absent), followed by a CRC32C of those 48 bytes. It is the only entry point into
 * the file; offsets may point at zero padding before the section itself.
 */
public record IndexToc(
    long symbols,
    long series,
    long labelIndices,
    long labelOffsetTable,
    long postings,
    long postingsOffsetTable) {

  public static final int SIZE = 6 * 8 + 4;

  /** Reads and checks the TOC of an index file; the header must already have been checked. */
  public static IndexToc read(ByteSource index) {
    long size = index.size();
    if (size < IndexFormat.HEADER_SIZE + SIZE) {
      throw new CorruptBlockException(
          index.name(), size, "index of " + size + " bytes is too short for header and TOC");
    }
    long at = size - SIZE;
    return decode(new DecodeBuffer(index.read(at, SIZE), index.name(), at), size);
  }

  /** Decodes 52 TOC bytes; every offset must lie inside a file of {@code fileSize} bytes. */
  public static IndexToc decode(DecodeBuffer d, long fileSize) {
    int start = d.position();
    long[] o = new long[6];
    for (int i = 0; i < 6; i++) {
      o[i] = d.be64();
    }
    d.checkCrc(start, "index TOC");
    long tocStart = d.offset() - SIZE;
    for (int i = 0; i < 6; i++) {
      if (o[i] < 0 || o[i] >= tocStart || (o[i] != 0 && o[i] < IndexFormat.HEADER_SIZE)) {
        throw d.corruptAt(tocStart + 8L * i, "TOC offset " + o[i] + " outside the index body");
      }
    }
    return new IndexToc(o[0], o[1], o[2], o[3], o[4], o[5]);
  }

  /** The 52 bytes of this TOC including its CRC. */
  public byte[] encode() {
    EncodeBuffer e = new EncodeBuffer(SIZE);
    e.be64(symbols).be64(series).be64(labelIndices).be64(labelOffsetTable).be64(postings).be64(postingsOffsetTable);
    e.be32(e.crc32c(0));
    return e.toByteArray();
  }
}
