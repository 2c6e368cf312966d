package io.thanosj.tsdb.index;

import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.io.ByteSource;
import java.util.function.Consumer;

/**
 * The symbol table of an index (format v2): every label name and value once, sorted, referenced by
 * ordinal. The strings stay encoded in the (usually memory-mapped) section; only the byte position
 * of every 32nd symbol is kept, as Prometheus does, so a block with millions of symbols costs a few
 * hundred kilobytes of heap. A small cache of recently decoded strings makes repeated lookups of
 * common names and values cheap.
 */
public final class Symbols {

  private static final int SAMPLE_SHIFT = 5; // every 32nd symbol
  private static final int CACHE_SIZE = 4096;

  private final DecodeBuffer section; // body of the section: count then strings
  private final int count;
  private final int[] samples;
  private final Cached[] cache = new Cached[CACHE_SIZE];

  private record Cached(int ref, String value) {}

  private Symbols(DecodeBuffer section, int count, int[] samples) {
    this.section = section;
    this.count = count;
    this.samples = samples;
  }

  /** Reads the symbol section at {@code offset} (its length field), verifying its checksum. */
  public static Symbols read(ByteSource src, long offset) {
    DecodeBuffer d = Sections.read(src, offset, "symbol table");
    return decode(d);
  }

  /** Decodes a checksum-verified symbol section body (count + strings). */
  public static Symbols decode(DecodeBuffer d) {
    int count = d.be32Length("symbol count");
    if (count > d.remaining()) {
      throw d.corrupt("symbol count " + count + " exceeds the " + d.remaining() + " bytes of the table");
    }
    int[] samples = new int[(count >>> SAMPLE_SHIFT) + 1];
    for (int i = 0; i < count; i++) {
      if ((i & ((1 << SAMPLE_SHIFT) - 1)) == 0) {
        samples[i >>> SAMPLE_SHIFT] = d.position();
      }
      d.skipUvarintString();
    }
    if (d.remaining() != 0) {
      throw d.corrupt(d.remaining() + " bytes left over after " + count + " symbols");
    }
    return new Symbols(d, count, samples);
  }

  public int size() {
    return count;
  }

  /**
   * The symbol with ordinal {@code ref}.
   *
   * @throws CorruptBlockException when {@code ref} is out of range (a series or table refers to a
   *     symbol that does not exist)
   */
  public String lookup(int ref) {
    if (ref < 0 || ref >= count) {
      throw section.corruptAt(section.baseOffset(), "symbol reference " + ref
          + " out of range: the table holds " + count + " symbols");
    }
    int slot = ref & (CACHE_SIZE - 1);
    Cached c = cache[slot];
    if (c != null && c.ref == ref) {
      return c.value;
    }
    String s = decodeAt(ref);
    cache[slot] = new Cached(ref, s);
    return s;
  }

  private String decodeAt(int ref) {
    DecodeBuffer d = cursor(samples[ref >>> SAMPLE_SHIFT]);
    for (int i = ref & ((1 << SAMPLE_SHIFT) - 1); i > 0; i--) {
      d.skipUvarintString();
    }
    return d.uvarintString();
  }

  private DecodeBuffer cursor(int position) {
    return section.at(position);
  }

  /** The ordinal of {@code symbol}, or -1 when absent. Symbols are sorted byte-wise (UTF-8). */
  public int reverseLookup(String symbol) {
    int lo = 0;
    int hi = samples.length - 1;
    if (count == 0) {
      return -1;
    }
    // Last sample whose string is <= symbol.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (StringOrder.compare(cursor(samples[mid]).uvarintString(), symbol) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    DecodeBuffer d = cursor(samples[lo]);
    int end = Math.min(count, (lo + 1) << SAMPLE_SHIFT);
    for (int i = lo << SAMPLE_SHIFT; i < end; i++) {
      int c = StringOrder.compare(d.uvarintString(), symbol);
      if (c == 0) {
        return i;
      }
      if (c > 0) {
        return -1;
      }
    }
    return -1;
  }

  /** Visits every symbol in order. */
  public void forEach(Consumer<String> action) {
    DecodeBuffer d = cursor(samples.length == 0 ? 0 : samples[0]);
    for (int i = 0; i < count; i++) {
      action.accept(d.uvarintString());
    }
  }
}
