package io.thanosj.tsdb.index;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.io.ByteSource;
import io.thanosj.tsdb.postings.Postings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads a Prometheus index file (format v2) through a {@link ByteSource}. Opening checks the header
 * and TOC and loads the symbol table and the postings offset table (both checksum-verified, both
 * kept compact); postings lists and series entries are read on demand and verified as they are read.
 *
 * <p>Thread-safe: all state after opening is immutable, and per-call cursors are created per call.
 */
public final class IndexReader implements AutoCloseable {

  private final ByteSource src;
  private final int version;
  private final IndexToc toc;
  private final Symbols symbols;
  private final PostingsOffsetTable postingsTable;
  private final long seriesEnd;

  private IndexReader(ByteSource src, int version, IndexToc toc, Symbols symbols, PostingsOffsetTable table) {
    this.src = src;
    this.version = version;
    this.toc = toc;
    this.symbols = symbols;
    this.postingsTable = table;
    this.seriesEnd = sectionEnd(toc, toc.series(), src.size() - IndexToc.SIZE);
  }

  /** Opens an index; the reader owns {@code src} and closes it. */
  public static IndexReader open(ByteSource src) {
    try {
      int version = IndexFormat.checkHeader(src);
      IndexToc toc = IndexToc.read(src);
      Symbols symbols = Symbols.read(src, toc.symbols());
      PostingsOffsetTable table = PostingsOffsetTable.read(src, toc);
      return new IndexReader(src, version, toc, symbols, table);
    } catch (RuntimeException e) {
      src.close();
      throw e;
    }
  }

  private static long sectionEnd(IndexToc toc, long start, long fileEnd) {
    long end = fileEnd;
    for (long o : new long[] {toc.symbols(), toc.series(), toc.labelIndices(), toc.labelOffsetTable(),
        toc.postings(), toc.postingsOffsetTable()}) {
      if (o > start && o < end) {
        end = o;
      }
    }
    return end;
  }

  public String name() {
    return src.name();
  }

  /**
   * A reader that shares this one's symbols, postings offset table and TOC but reads postings lists
   * and series entries through {@code view}, a source over the same index file (e.g. a per-request
   * view holding prefetched byte ranges of a remote index). Closing it closes only {@code view}.
   */
  public IndexReader withSource(ByteSource view) {
    if (view.size() != src.size()) {
      throw new IllegalArgumentException("view " + view.name() + " has " + view.size() + " bytes, the index " + src.size());
    }
    return new IndexReader(view, version, toc, symbols, postingsTable);
  }


  public int version() {
    return version;
  }

  public IndexToc toc() {
    return toc;
  }

  public Symbols symbols() {
    return symbols;
  }

  public PostingsOffsetTable postingsTable() {
    return postingsTable;
  }

  public long size() {
    return src.size();
  }

  /** Label names of the block's series, sorted. */
  public List<String> labelNames() {
    return postingsTable.labelNames();
  }

  /** Values of {@code name} across the block's series, sorted. */
  public List<String> labelValues(String name) {
    return postingsTable.labelValues(name);
  }

  /** Every series of the block. */
  public Postings allPostings() {
    return postings(IndexFormat.ALL_POSTINGS_NAME, IndexFormat.ALL_POSTINGS_VALUE);
  }

  /** Series with {@code name=value}; empty when the pair does not occur. */
  public Postings postings(String name, String value) {
    long off = postingsTable.postingsOffset(name, value);
    if (off < 0) {
      return Postings.EMPTY;
    }
    return readPostings(off);
  }

  /** Series whose {@code name} has any of {@code values}. */
  public Postings postings(String name, Collection<String> values) {
    List<Postings> ps = new ArrayList<>(values.size());
    for (String v : values) {
      Postings p = postings(name, v);
      if (p != Postings.EMPTY) {
        ps.add(p);
      }
    }
    return Postings.merge(ps);
  }

  /** The postings list whose length field is at {@code offset}. */
  public Postings readPostings(long offset) {
    return PostingsList.decode(Sections.read(src, offset, "postings list"));
  }

  /**
   * Decodes the series with reference {@code ref} into {@code out}.
   *
   * @throws CorruptBlockException when the reference points outside the series section or the entry
   *     is corrupt
   */
  public void series(long ref, SeriesEntry out) {
    long offset = ref * IndexFormat.SERIES_ALIGNMENT;
    if (ref < 0 || offset < toc.series() || offset >= seriesEnd) {
      throw new CorruptBlockException(src.name(), offset, "series reference " + ref
          + " points outside the series section [" + toc.series() + ", " + seriesEnd + ")");
    }
    int head = (int) Math.min(5, seriesEnd - offset);
    DecodeBuffer h = new DecodeBuffer(src.read(offset, head), src.name(), offset);
    long len = h.uvarint();
    long total = h.position() + len + 4;
    if (len < 0 || total > seriesEnd - offset) {
      throw new CorruptBlockException(src.name(), offset, "series entry of " + len
          + " bytes runs past the end of the series section at " + seriesEnd);
    }
    out.decode(new DecodeBuffer(src.read(offset, (int) total), src.name(), offset), symbols.size());
  }

  @Override
  public void close() {
    src.close();
  }
}
