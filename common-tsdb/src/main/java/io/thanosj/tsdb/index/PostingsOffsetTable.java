package io.thanosj.tsdb.index;

import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The postings offset table: for every (label name, value) pair, where its postings list starts. Like
 * Prometheus' v2 reader, only every 32nd value of each name (and its last) is decoded into memory
 * together with its position in the table; a lookup binary-searches those samples and scans at most
 * 31 encoded entries. The table bytes themselves stay in the (memory-mapped) section.
 *
 * <p>Entries are sorted by name then value, and postings lists are written in the same order, so the
 * next entry's offset is where a list's bytes end; {@link #range} exposes that for callers that fetch
 * postings by byte range.
 */
public final class PostingsOffsetTable {

  private static final int SAMPLE_EVERY = 32;

  private final DecodeBuffer table; // body: entry count then entries
  private final long postingsEnd;
  private final Map<String, NameIndex> names;
  private final List<String> sortedNames; // without the all-postings name ""

  /** Sampled entries of one label name. */
  private record NameIndex(String name, int count, String[] values, int[] positions, long[] offsets, int endPosition) {}

  /** Where one postings list lies in the index file: {@code [start, end)}; end includes padding. */
  public record Range(long start, long end) {}

  /** Callback for iterating values of a name with where their postings lists lie. */
  @FunctionalInterface
  public interface ValueVisitor {
    /**
     * @param postingsStart where the value's postings list starts in the index file
     * @param postingsEnd where the next list starts (so padding included), as {@link Range#end}
     */
    void visit(String value, long postingsStart, long postingsEnd);
  }

  private PostingsOffsetTable(DecodeBuffer table, long postingsEnd, Map<String, NameIndex> names, List<String> sortedNames) {
    this.table = table;
    this.postingsEnd = postingsEnd;
    this.names = names;
    this.sortedNames = sortedNames;
  }

  /**
   * Reads the table at {@code toc.postingsOffsetTable()} and checks its checksum and order. List
   * offsets must lie in the postings section.
   */
  public static PostingsOffsetTable read(ByteSource index, IndexToc toc) {
    DecodeBuffer d = Sections.read(index, toc.postingsOffsetTable(), "postings offset table");
    long end = toc.labelOffsetTable() != 0 ? toc.labelOffsetTable() : toc.postingsOffsetTable();
    return decode(d, toc.postings(), end);
  }

  /**
   * Decodes a checksum-verified table body. Offsets must fall in {@code [postingsStart,
   * postingsEnd)}.
   */
  public static PostingsOffsetTable decode(DecodeBuffer d, long postingsStart, long postingsEnd) {
    int n = d.be32Length("postings offset table entry count");
    if (n > d.remaining() / 4) { // an entry takes at least 4 bytes: key count, two lengths, offset
      throw d.corrupt("postings offset table claims " + n + " entries in " + d.remaining() + " bytes");
    }
    Map<String, NameIndex> names = new HashMap<>();
    List<String> sortedNames = new ArrayList<>();
    ByteBuffer buf = d.buffer();
    NameBuilder cur = null;
    long prevOffset = -1;
    for (int i = 0; i < n; i++) {
      int entryPos = d.position();
      int keys = d.u8();
      if (keys != 2) {
        throw d.corruptAt(d.offset() - 1, "postings offset table entry has " + keys + " keys, want 2");
      }
      long nameAt = d.offset();
      int nameLen = d.uvarintInt("label name length");
      int nameStart = d.position();
      d.skip(nameLen);
      if (cur == null || nameLen != cur.nameLen
          || !buf.slice(nameStart, nameLen).equals(buf.slice(cur.nameStart, cur.nameLen))) {
        String next = d.utf8(nameStart, nameLen);
        if (cur != null) {
          if (StringOrder.compare(next, cur.name) <= 0) {
            throw d.corruptAt(nameAt, "postings offset table names out of order: \"" + next
                + "\" after \"" + cur.name + "\"");
          }
          cur.finish(d, entryPos, names, sortedNames);
        }
        cur = new NameBuilder(next, nameStart, nameLen);
      }
      int valueLen = d.uvarintInt("label value length");
      int valueStart = d.position();
      d.skip(valueLen);
      long offAt = d.offset();
      long off = d.uvarint();
      if (off < postingsStart || off >= postingsEnd || off <= prevOffset) {
        throw d.corruptAt(offAt, "postings list offset " + off + " outside the postings section ["
            + postingsStart + ", " + postingsEnd + ") or not increasing");
      }
      prevOffset = off;
      cur.add(d, entryPos, valueStart, valueLen, off);
    }
    if (cur != null) {
      cur.finish(d, d.position(), names, sortedNames);
    }
    if (d.remaining() != 0) {
      throw d.corrupt(d.remaining() + " bytes left over after " + n + " postings offset table entries");
    }
    return new PostingsOffsetTable(d, postingsEnd, names, Collections.unmodifiableList(sortedNames));
  }

  /** Collects the sampled entries of one name while the table is scanned. */
  private static final class NameBuilder {
    final String name;
    final int nameStart;
    final int nameLen;
    final List<String> values = new ArrayList<>();
    int[] positions = new int[4];
    long[] offsets = new long[4];
    int count;
    int lastPos;
    int lastValueStart;
    int lastValueLen;
    long lastOffset;

    NameBuilder(String name, int nameStart, int nameLen) {
      this.name = name;
      this.nameStart = nameStart;
      this.nameLen = nameLen;
    }

    void add(DecodeBuffer d, int entryPos, int valueStart, int valueLen, long off) {
      if (count % SAMPLE_EVERY == 0) {
        sample(d.utf8(valueStart, valueLen), entryPos, off);
      }
      lastPos = entryPos;
      lastValueStart = valueStart;
      lastValueLen = valueLen;
      lastOffset = off;
      count++;
    }

    private void sample(String value, int pos, long off) {
      int k = values.size();
      if (k == positions.length) {
        positions = Arrays.copyOf(positions, k * 2);
        offsets = Arrays.copyOf(offsets, k * 2);
      }
      values.add(value);
      positions[k] = pos;
      offsets[k] = off;
    }

    void finish(DecodeBuffer d, int endPosition, Map<String, NameIndex> names, List<String> sortedNames) {
      // Keep the last value too, so a lookup past it is answered without scanning.
      if ((count - 1) % SAMPLE_EVERY != 0) {
        sample(d.utf8(lastValueStart, lastValueLen), lastPos, lastOffset);
      }
      int k = values.size();
      names.put(name, new NameIndex(name, count, values.toArray(new String[0]),
          Arrays.copyOf(positions, k), Arrays.copyOf(offsets, k), endPosition));
      if (!name.isEmpty()) {
        sortedNames.add(name);
      }
    }
  }

  /** Label names with at least one postings list, sorted; the all-postings name "" excluded. */
  public List<String> labelNames() {
    return sortedNames;
  }

  /** Number of values {@code name} has. */
  public int valueCount(String name) {
    NameIndex ni = names.get(name);
    return ni == null ? 0 : ni.count;
  }

  /** Offset of the postings list for {@code name=value}, or -1 when there is none. */
  public long postingsOffset(String name, String value) {
    Range r = range(name, value);
    return r == null ? -1 : r.start;
  }

  /** Byte range of the postings list for {@code name=value}, or null when there is none. */
  public Range range(String name, String value) {
    NameIndex ni = names.get(name);
    if (ni == null) {
      return null;
    }
    String[] vs = ni.values;
    // Last sample <= value.
    int lo = 0;
    int hi = vs.length - 1;
    if (StringOrder.compare(vs[0], value) > 0 || StringOrder.compare(vs[hi], value) < 0) {
      return null;
    }
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (StringOrder.compare(vs[mid], value) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    DecodeBuffer d = table.at(ni.positions[lo]);
    int scanned = 0;
    while (d.position() < ni.endPosition && scanned <= SAMPLE_EVERY) {
      d.u8();
      d.skipUvarintString();
      int c = StringOrder.compare(d.uvarintString(), value);
      long off = d.uvarint();
      if (c == 0) {
        return new Range(off, nextOffset(d));
      }
      if (c > 0) {
        return null;
      }
      scanned++;
    }
    return null;
  }

  private long nextOffset(DecodeBuffer d) {
    if (d.remaining() == 0) {
      return postingsEnd;
    }
    d.u8();
    d.skipUvarintString();
    d.skipUvarintString();
    return d.uvarint();
  }

  /** Visits every value of {@code name} in order with its list's byte range. */
  public void forEachValue(String name, ValueVisitor visitor) {
    forEachValue(name, "", visitor);
  }

  /**
   * Visits, in order, only the values of {@code name} that start with {@code prefix}, each with its
   * list's byte range (so callers fetching lists by range need no {@link #range} lookup per value).
   * Values are sorted by their UTF-8 bytes, so those form one run: the scan starts at the last
   * sample before the prefix and stops at the first value past the run, whose offset ends the
   * run's last list.
   */
  public void forEachValue(String name, String prefix, ValueVisitor visitor) {
    NameIndex ni = names.get(name);
    if (ni == null) {
      return;
    }
    int lo = 0;
    if (!prefix.isEmpty()) {
      String[] vs = ni.values;
      // Last sample < prefix (or the first one): every value with the prefix comes after it.
      int hi = vs.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (StringOrder.compare(vs[mid], prefix) < 0) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
    }
    DecodeBuffer d = table.at(ni.positions[lo]);
    int first = lo == ni.values.length - 1 && ni.count > 1 ? ni.count - 1 : lo * SAMPLE_EVERY;
    // A value is visited once the next entry is decoded: that entry's offset is where its list ends.
    String pending = null;
    long pendingStart = 0;
    for (int i = first; i < ni.count; i++) {
      d.u8();
      d.skipUvarintString();
      String v = d.uvarintString();
      long off = d.uvarint();
      if (pending != null) {
        visitor.visit(pending, pendingStart, off);
        pending = null;
      }
      if (v.startsWith(prefix)) {
        pending = v;
        pendingStart = off;
      } else if (StringOrder.compare(v, prefix) > 0) {
        return;
      }
    }
    if (pending != null) {
      visitor.visit(pending, pendingStart, nextOffset(d));
    }
  }

  /** All values of {@code name}, sorted. */
  public List<String> labelValues(String name) {
    List<String> out = new ArrayList<>(valueCount(name));
    forEachValue(name, (v, start, end) -> out.add(v));
    return out;
  }

  /** Bytes where the last postings list ends (the next section's start). */
  public long postingsEnd() {
    return postingsEnd;
  }
}
