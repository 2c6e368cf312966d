package io.thanosj.store.block;

import io.thanosj.objstore.Bucket;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.index.IndexFormat;
import io.thanosj.tsdb.index.IndexToc;
import io.thanosj.tsdb.io.ByteArraySource;
import io.thanosj.tsdb.io.MappedFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * A block's index header: the parts of the remote {@code index} every request needs (the symbol
 * table and the postings offset table), built from range reads on the bucket and kept in
 * {@code <data-dir>/<ULID>/index-header}, memory-mapped. Postings lists and series entries stay in
 * the bucket and are range-read per request, so the full index is never downloaded nor held in
 * memory.
 *
 * <p>File layout: Thanos' index-header (magic {@code 0xBAAAD792}, format version 1, the index's
 * version, the postings offset table's offset in the index (8 bytes), a verbatim copy of the symbol
 * section, a verbatim copy of the postings offset table, then a TOC of the two copies' offsets in
 * this file (8 + 8 bytes) and the CRC32-Castagnoli of those 16 bytes), followed by the index's own
 * 52-byte TOC, so that the index's layout is known without another request. Local only: the file is
 * rebuilt whenever it is missing or does not check out.
 */
public final class IndexHeader {

  public static final String FILE_NAME = "index-header";
  static final int MAGIC = 0xBAAAD792;
  static final int FORMAT_V1 = 1;
  private static final int PREFIX = 4 + 1 + 1 + 8;
  private static final int HEADER_TOC = 8 + 8 + 4;

  private IndexHeader() {}

  /** Builds the header file for {@code indexName} with four range reads (head, TOC, symbols, postings offset table). */
  public static void build(Bucket bucket, String indexName, long indexSize, Path file) throws IOException {
    if (indexSize < IndexFormat.HEADER_SIZE + IndexToc.SIZE) {
      throw new CorruptBlockException(indexName, indexSize, "index of " + indexSize + " bytes is too short for header and TOC");
    }
    byte[] head = range(bucket, indexName, 0, IndexFormat.HEADER_SIZE);
    int version = IndexFormat.checkHeader(new ByteArraySource(indexName, head));
    byte[] tocBytes = range(bucket, indexName, indexSize - IndexToc.SIZE, IndexToc.SIZE);
    IndexToc toc = IndexToc.decode(new DecodeBuffer(ByteBuffer.wrap(tocBytes), indexName, indexSize - IndexToc.SIZE), indexSize);
    if (toc.series() < toc.symbols() || toc.postingsOffsetTable() > indexSize - IndexToc.SIZE) {
      throw new CorruptBlockException(indexName, indexSize - IndexToc.SIZE, "TOC sections out of order: " + toc);
    }
    long symLen = toc.series() - toc.symbols();
    long potLen = indexSize - IndexToc.SIZE - toc.postingsOffsetTable();
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ByteBuffer p = ByteBuffer.allocate(PREFIX);
      p.putInt(MAGIC).put((byte) FORMAT_V1).put((byte) version).putLong(toc.postingsOffsetTable());
      out.write(p.array());
      copy(bucket, indexName, toc.symbols(), symLen, out);
      copy(bucket, indexName, toc.postingsOffsetTable(), potLen, out);
      ByteBuffer t = ByteBuffer.allocate(HEADER_TOC);
      t.putLong(PREFIX).putLong(PREFIX + symLen);
      CRC32C crc = new CRC32C();
      crc.update(t.array(), 0, 16);
      t.putInt((int) crc.getValue());
      out.write(t.array());
      out.write(tocBytes);
    }
    if (Files.size(tmp) != PREFIX + symLen + potLen + HEADER_TOC + IndexToc.SIZE) {
      throw new IOException(indexName + ": index header came out at " + Files.size(tmp) + " bytes; the index changed while it was read");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] range(Bucket bucket, String name, long offset, int length) throws IOException {
    try (InputStream in = bucket.getRange(name, offset, length)) {
      byte[] b = in.readNBytes(length);
      if (b.length != length) {
        throw new IOException(name + ": range [" + offset + ", " + (offset + length) + ") returned " + b.length + " bytes");
      }
      return b;
    }
  }

  private static void copy(Bucket bucket, String name, long offset, long length, OutputStream out) throws IOException {
    try (InputStream in = bucket.getRange(name, offset, length)) {
      long n = in.transferTo(out);
      if (n != length) {
        throw new IOException(name + ": range [" + offset + ", " + (offset + length) + ") returned " + n + " bytes");
      }
    }
  }

  /**
   * Maps a header file and returns the index as seen through it: the head, symbol table, postings
   * offset table and TOC come from the file; everything else from {@code remote}.
   *
   * @throws CorruptBlockException when the file does not check out (the caller rebuilds it)
   */
  public static LocalIndexRegions open(Path file, String indexName, long indexSize) {
    MappedFileSource f = MappedFileSource.open(file, file.toString());
    try {
      long size = f.size();
      if (size < PREFIX + HEADER_TOC + IndexToc.SIZE) {
        throw new CorruptBlockException(file.toString(), 0, "index header of " + size + " bytes is too short");
      }
      ByteBuffer p = f.read(0, PREFIX);
      if (p.getInt(0) != MAGIC || p.get(4) != FORMAT_V1) {
        throw new CorruptBlockException(file.toString(), 0, "not a version 1 index header");
      }
      int version = p.get(5);
      long tocAt = size - IndexToc.SIZE - HEADER_TOC;
      ByteBuffer t = f.read(tocAt, HEADER_TOC);
      byte[] sixteen = new byte[16];
      t.duplicate().get(sixteen);
      CRC32C crc = new CRC32C();
      crc.update(sixteen);
      if ((int) crc.getValue() != t.getInt(16)) {
        throw new CorruptBlockException(file.toString(), tocAt, "index header TOC checksum mismatch");
      }
      long symAt = t.getLong(0);
      long potAt = t.getLong(8);
      // Offsets in the TOC are the index's, so it is decoded as if it sat at the index's end.
      IndexToc toc = IndexToc.decode(new DecodeBuffer(f.read(size - IndexToc.SIZE, IndexToc.SIZE), indexName, indexSize - IndexToc.SIZE), indexSize);
      if (potAt - symAt != toc.series() - toc.symbols() || tocAt - potAt != indexSize - IndexToc.SIZE - toc.postingsOffsetTable()) {
        throw new CorruptBlockException(file.toString(), tocAt, "index header sections do not match the index TOC");
      }
      return new LocalIndexRegions(f, indexName, indexSize, version, toc, symAt, potAt, size - IndexToc.SIZE);
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /** Thrown-away helper for callers that need the index's head bytes. */
  static byte[] indexHead(int version) {
    return ByteBuffer.allocate(IndexFormat.HEADER_SIZE).putInt(IndexFormat.MAGIC).put((byte) version).array();
  }
}
