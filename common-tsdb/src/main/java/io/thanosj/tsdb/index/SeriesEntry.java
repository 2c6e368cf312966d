package io.thanosj.tsdb.index;

import io.thanosj.labels.Labels;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import java.util.Arrays;

/**
 * One decoded series entry of an index: its labels as symbol references (name, value, name, value…)
 * and its chunk metas. Reusable: {@link #decode} overwrites the previous content.
 *
 * <p>Entry layout: {@code uvarint len | uvarint nLabels | (uvarint name, uvarint value)* | uvarint
 * nChunks | chunk metas (first absolute, then delta-coded) | CRC32C of the len bytes}.
 */
public final class SeriesEntry {

  private int[] labelRefs = new int[16];
  private int labelCount;
  private final ChunkMetas chunks = new ChunkMetas();
  private long offset = -1;

  public int labelCount() {
    return labelCount;
  }

  public int nameRef(int i) {
    return labelRefs[i << 1];
  }

  public int valueRef(int i) {
    return labelRefs[(i << 1) + 1];
  }

  public ChunkMetas chunks() {
    return chunks;
  }

  /** File offset the entry was decoded from (its reference times 16). */
  public long offset() {
    return offset;
  }

  /** Resolves the symbol references into a label set. */
  public Labels labels(Symbols symbols) {
    String[] pairs = new String[labelCount << 1];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = symbols.lookup(labelRefs[i]);
    }
    return Labels.fromSortedPairs(pairs);
  }

  /**
   * Decodes the entry at the cursor's position and moves past its CRC. Symbol references must be
   * below {@code symbolCount}; chunk references and times must be ordered as Prometheus writes them.
   */
  public void decode(DecodeBuffer d, int symbolCount) {
    offset = d.offset();
    int len = d.uvarintInt("series entry length");
    int start = d.position();
    if (len > d.remaining() - 4) {
      throw d.corruptAt(offset, "series entry of " + len + " bytes runs past the end (" + d.remaining() + " remain)");
    }
    int end = start + len;
    DecodeBuffer body = d.sub(start, len);
    int n = body.uvarintInt("label count");
    if (n > len / 2) {
      throw body.corruptAt(offset, "series entry claims " + n + " labels in " + len + " bytes");
    }
    if (labelRefs.length < 2 * n) {
      labelRefs = new int[Math.max(2 * n, labelRefs.length * 2)];
    }
    for (int i = 0; i < 2 * n; i++) {
      long at = body.offset();
      int ref = body.uvarintInt("symbol reference");
      if (ref >= symbolCount) {
        throw body.corruptAt(at, "symbol reference " + ref + " out of range: the table holds " + symbolCount + " symbols");
      }
      labelRefs[i] = ref;
    }
    labelCount = n;
    int k = body.uvarintInt("chunk count");
    if (k > body.remaining() / 3) {
      throw body.corrupt("series entry claims " + k + " chunks in " + body.remaining() + " bytes");
    }
    chunks.clear();
    long maxt = 0;
    long ref = 0;
    for (int i = 0; i < k; i++) {
      long at = body.offset();
      long mint;
      if (i == 0) {
        mint = body.varint();
        maxt = mint + body.uvarint();
        ref = body.uvarint();
      } else {
        mint = maxt + body.uvarint();
        maxt = mint + body.uvarint();
        long prev = ref;
        ref += body.varint();
        if (Long.compareUnsigned(ref, prev) <= 0 || mint < chunks.maxTime(i - 1)) {
          throw body.corruptAt(at, "chunk " + i + " of the series does not follow chunk " + (i - 1)
              + " (refs " + prev + " -> " + ref + ", times overlap or go back)");
        }
      }
      if (maxt < mint) {
        throw body.corruptAt(at, "chunk " + i + " has max time " + maxt + " before min time " + mint);
      }
      chunks.add(mint, maxt, ref);
    }
    if (body.remaining() != 0) {
      throw body.corrupt(body.remaining() + " unread bytes at the end of the series entry");
    }
    d.position(end);
    d.checkCrc(start, "series entry");
  }

  /** A copy of the label references, for callers that keep them past the next decode. */
  public int[] labelRefsCopy() {
    return Arrays.copyOf(labelRefs, labelCount << 1);
  }
}
