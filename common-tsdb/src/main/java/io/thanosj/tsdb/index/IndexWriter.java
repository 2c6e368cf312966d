package io.thanosj.tsdb.index;

import io.thanosj.labels.Labels;
import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.encoding.EncodeBuffer;
import io.thanosj.tsdb.io.PositionedOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an index file (format v2) laid out byte for byte as Prometheus 2.42's {@code
 * index.Writer} lays it out: header, symbol table, 16-byte-aligned series entries, the legacy label
 * indices, 4-byte-aligned postings lists (all-postings first), the label offset table, the postings
 * offset table and the TOC, with the same padding and offsets.
 *
 * <p>Usage: {@link #addSymbols} once with every label name and value (sorted; the empty string is
 * added as Prometheus does), then {@link #addSeries} in label order, then {@link #close()}. Postings
 * are collected in memory while series are added.
 */
public final class IndexWriter implements AutoCloseable {

  private final PositionedOutput out;
  private final EncodeBuffer buf = new EncodeBuffer(4096);
  private final EncodeBuffer entry = new EncodeBuffer(256);
  private final Map<String, Integer> symbolRefs = new HashMap<>();
  private String[] symbols;
  private long tocSymbols;
  private long tocSeries;
  private Labels lastSeries;
  // name ref -> value ref -> series refs
  private final TreeMap<Integer, TreeMap<Integer, IntList>> postings = new TreeMap<>();
  private final IntList allPostings = new IntList();

  public IndexWriter(Path file) {
    out = new PositionedOutput(file);
    buf.reset().be32(IndexFormat.MAGIC).u8(IndexFormat.V2);
    flushBuf();
  }

  /** A growable int array (series references fit in 32 bits by construction). */
  private static final class IntList {
    int[] a = new int[4];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }
  }

  /** Writes the symbol table: {@code ""} plus {@code strings}, which may be in any order. */
  public void addSymbols(Iterable<String> strings) {
    if (symbols != null) {
      throw new IllegalStateException("symbols already written");
    }
    List<String> all = new ArrayList<>();
    all.add("");
    for (String s : strings) {
      all.add(s);
    }
    all.sort(StringOrder.UTF8);
    List<String> unique = new ArrayList<>(all.size());
    for (String s : all) {
      if (unique.isEmpty() || !unique.get(unique.size() - 1).equals(s)) {
        unique.add(s);
      }
    }
    symbols = unique.toArray(new String[0]);
    tocSymbols = out.position();
    buf.reset().be32(0).be32(symbols.length);
    for (int i = 0; i < symbols.length; i++) {
      symbolRefs.put(symbols[i], i);
      buf.uvarintString(symbols[i]);
    }
    buf.be32At(0, buf.length() - 4);
    buf.be32(buf.crc32c(4));
    flushBuf();
    tocSeries = out.position();
  }

  /**
   * Adds the next series, which must sort after the previous one.
   *
   * @return the series reference (file offset / 16)
   */
  public long addSeries(Labels labels, ChunkMetas chunks) {
    if (symbols == null) {
      throw new IllegalStateException("addSymbols must come first");
    }
    if (lastSeries != null && Labels.compare(labels, lastSeries) <= 0) {
      throw new IllegalArgumentException("series " + labels + " added out of order after " + lastSeries);
    }
    lastSeries = labels;
    out.pad(IndexFormat.SERIES_ALIGNMENT);
    long offset = out.position();
    long ref = offset / IndexFormat.SERIES_ALIGNMENT;
    if (ref > 0xFFFFFFFFL) {
      throw new IllegalStateException("index exceeds the 64 GiB series section limit");
    }
    entry.reset().uvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      int n = symbol(labels.name(i));
      int v = symbol(labels.value(i));
      entry.uvarint(n).uvarint(v);
      postings.computeIfAbsent(n, k -> new TreeMap<>()).computeIfAbsent(v, k -> new IntList()).add((int) ref);
    }
    allPostings.add((int) ref);
    entry.uvarint(chunks.size());
    long prevMaxt = 0;
    long prevRef = 0;
    for (int i = 0; i < chunks.size(); i++) {
      long mint = chunks.minTime(i);
      long maxt = chunks.maxTime(i);
      long cref = chunks.ref(i);
      if (i == 0) {
        entry.varint(mint).uvarint(maxt - mint).uvarint(cref);
      } else {
        entry.uvarint(mint - prevMaxt).uvarint(maxt - mint).varint(cref - prevRef);
      }
      prevMaxt = maxt;
      prevRef = cref;
    }
    buf.reset().uvarint(entry.length()).bytes(entry.array(), 0, entry.length());
    buf.be32(entry.crc32c(0));
    flushBuf();
    return ref;
  }

  private int symbol(String s) {
    Integer r = symbolRefs.get(s);
    if (r == null) {
      throw new IllegalArgumentException("\"" + s + "\" is not in the symbol table");
    }
    return r;
  }

  /** Writes label indices, postings, offset tables and TOC, and closes the file. */
  @Override
  public void close() {
    if (symbols == null) {
      addSymbols(List.of());
    }
    long tocLabelIndices = out.position();
    List<Long> labelIndexOffsets = new ArrayList<>();
    for (Map.Entry<Integer, TreeMap<Integer, IntList>> name : postings.entrySet()) {
      out.pad(IndexFormat.POSTINGS_ALIGNMENT);
      labelIndexOffsets.add(out.position());
      buf.reset().be32(0).be32(1).be32(name.getValue().size());
      for (int v : name.getValue().keySet()) {
        buf.be32(v);
      }
      buf.be32At(0, buf.length() - 4);
      buf.be32(buf.crc32c(4));
      flushBuf();
    }
    long tocPostings = out.position();
    out.pad(IndexFormat.POSTINGS_ALIGNMENT);
    EncodeBuffer table = new EncodeBuffer(4096);
    int tableEntries = 0;
    writePostings(table, "", "", allPostings);
    tableEntries++;
    for (Map.Entry<Integer, TreeMap<Integer, IntList>> name : postings.entrySet()) {
      for (Map.Entry<Integer, IntList> value : name.getValue().entrySet()) {
        writePostings(table, symbols[name.getKey()], symbols[value.getKey()], value.getValue());
        tableEntries++;
      }
    }
    long tocLabelOffsetTable = out.position();
    buf.reset().be32(0).be32(postings.size());
    int i = 0;
    for (int nameRef : postings.keySet()) {
      buf.uvarint(1).uvarintString(symbols[nameRef]).uvarint(labelIndexOffsets.get(i++));
    }
    buf.be32At(0, buf.length() - 4);
    buf.be32(buf.crc32c(4));
    flushBuf();
    long tocPostingsTable = out.position();
    buf.reset().be32(0).be32(tableEntries).bytes(table.array(), 0, table.length());
    buf.be32At(0, buf.length() - 4);
    buf.be32(buf.crc32c(4));
    flushBuf();
    out.write(new IndexToc(tocSymbols, tocSeries, tocLabelIndices, tocLabelOffsetTable, tocPostings, tocPostingsTable).encode());
    out.close();
  }

  private void writePostings(EncodeBuffer table, String name, String value, IntList refs) {
    out.pad(IndexFormat.POSTINGS_ALIGNMENT);
    table.uvarint(2).uvarintString(name).uvarintString(value).uvarint(out.position());
    buf.reset().be32(4 + 4 * refs.n).be32(refs.n);
    for (int k = 0; k < refs.n; k++) {
      buf.be32(refs.a[k]);
    }
    buf.be32(buf.crc32c(4));
    flushBuf();
  }

  private void flushBuf() {
    out.write(buf.array(), 0, buf.length());
  }
}
