package io.thanosj.store.block;

import io.thanosj.tsdb.index.IndexFormat;
import io.thanosj.tsdb.index.IndexToc;
import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;

/**
 * The regions of a remote index that its {@link IndexHeader} holds locally: the head, the symbol
 * table, the postings offset table and the TOC, at their offsets in the index file.
 */
public final class LocalIndexRegions {

  private final ByteSource file;
  private final String indexName;
  private final long indexSize;
  private final byte[] head;
  private final IndexToc toc;
  private final long symAt;
  private final long potAt;
  private final long tocAt;

  LocalIndexRegions(ByteSource file, String indexName, long indexSize, int version, IndexToc toc, long symAt, long potAt, long tocAt) {
    this.file = file;
    this.indexName = indexName;
    this.indexSize = indexSize;
    this.head = IndexHeader.indexHead(version);
    this.toc = toc;
    this.symAt = symAt;
    this.potAt = potAt;
    this.tocAt = tocAt;
  }

  public String indexName() {
    return indexName;
  }

  public long indexSize() {
    return indexSize;
  }

  public IndexToc toc() {
    return toc;
  }

  /** The bytes at {@code [offset, offset + length)} of the index when held locally, else null. */
  ByteBuffer read(long offset, int length) {
    long end = offset + length;
    if (end <= IndexFormat.HEADER_SIZE) {
      return ByteBuffer.wrap(head, (int) offset, length).slice();
    }
    if (offset >= toc.symbols() && end <= toc.series()) {
      return file.read(symAt + (offset - toc.symbols()), length);
    }
    long potEnd = indexSize - IndexToc.SIZE;
    if (offset >= toc.postingsOffsetTable() && end <= potEnd) {
      return file.read(potAt + (offset - toc.postingsOffsetTable()), length);
    }
    if (offset >= potEnd && end <= indexSize) {
      return file.read(tocAt + (offset - potEnd), length);
    }
    return null;
  }

  void close() {
    file.close();
  }
}
