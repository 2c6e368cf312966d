package io.thanosj.sidecar.store;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.thanosj.labels.Labels;
import io.thanosj.sidecar.remoteread.ChunkedSeriesCursor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * Writes a remote-read series (read in place by {@link ChunkedSeriesCursor}) as the StoreAPI
 * {@code Series} the sidecar serves, in one pass and without protobuf objects: label and chunk
 * bytes are copied from the remote-read frame, the external labels from arrays encoded once.
 *
 * <p>Labels: Prometheus merges its external labels in with the stored labels winning a name clash;
 * Thanos' sidecar wants the external label to win, and drops the request's
 * {@code without_replica_labels}. Both inputs are sorted, so this is one linear merge per series.
 * Chunks: remote read numbers encodings as the TSDB does (XOR = 1, histogram = 2, float histogram
 * = 3), StoreAPI from XOR = 0; each chunk gets Thanos' hash, xxhash64 of its bytes, which Thanos'
 * sidecar always computes. The output is byte for byte what protobuf writes for the same
 * {@code Series} (fields in number order, empty and zero fields left out).
 */
final class StoreSeriesEncoder {

  private static final LongHashFunction XX = LongHashFunction.xx();

  private final byte[][] external; // name, value, name, value... sorted, without dropped names
  private final byte[][] dropped;

  // Scratch for one series: the merged labels as (array, offset, length) of name and value.
  private byte[][] arrays = new byte[32][];
  private int[] slices = new int[64];
  private long[] hashes = new long[16];

  StoreSeriesEncoder(Labels externalLabels, Set<String> withoutReplicaLabels) {
    Labels kept = externalLabels.without(withoutReplicaLabels);
    external = new byte[kept.size() * 2][];
    for (int i = 0; i < kept.size(); i++) {
      external[2 * i] = kept.name(i).getBytes(StandardCharsets.UTF_8);
      external[2 * i + 1] = kept.value(i).getBytes(StandardCharsets.UTF_8);
    }
    dropped = new byte[withoutReplicaLabels.size()][];
    int d = 0;
    for (String name : withoutReplicaLabels) {
      dropped[d++] = name.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Thrown for series the sidecar cannot serve; the message says why, {@link #labels()} which one. */
  static final class UnservableSeriesException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Labels labels;

    UnservableSeriesException(String message, Labels labels) {
      super(message, null, false, false);
      this.labels = labels;
    }

    Labels labels() {
      return labels;
    }
  }

  /** The cursor's current series as served by the sidecar. */
  EncodedSeries encode(ChunkedSeriesCursor cs) throws UnservableSeriesException {
    int n = mergeLabels(cs);
    int chunks = cs.chunkCount();
    byte[] in = cs.buffer();
    if (hashes.length < chunks) {
      hashes = new long[Math.max(chunks, hashes.length * 2)];
    }

    int size = 0;
    for (int i = 0; i < n; i++) {
      int label = labelSize(slices[4 * i + 1], slices[4 * i + 3]);
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(label) + label;
    }
    int labelsSize = size;
    for (int i = 0; i < chunks; i++) {
      int type = cs.type(i);
      if (type < 1 || type > 3) {
        throw new UnservableSeriesException("a chunk with encoding " + type
            + ", which StoreAPI cannot carry (known: 1 XOR, 2 histogram, 3 float histogram)", labelsOf(n));
      }
      hashes[i] = XX.hashBytes(in, cs.dataOffset(i), cs.dataLength(i));
      int aggr = aggrChunkSize(cs, i);
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(aggr) + aggr;
    }

    // Written by hand: a CodedOutputStream per series showed up in profiles, and these few field
    // kinds are all a Series needs. StoreSeriesEncoderTest checks the bytes against protobuf's.
    byte[] out = new byte[size];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int nameLength = slices[4 * i + 1];
      int valueLength = slices[4 * i + 3];
      out[at++] = 1 << 3 | 2;
      at = putVarint(out, at, labelSize(nameLength, valueLength));
      if (nameLength > 0) {
        out[at++] = 1 << 3 | 2;
        at = putVarint(out, at, nameLength);
        System.arraycopy(arrays[2 * i], slices[4 * i], out, at, nameLength);
        at += nameLength;
      }
      if (valueLength > 0) {
        out[at++] = 2 << 3 | 2;
        at = putVarint(out, at, valueLength);
        System.arraycopy(arrays[2 * i + 1], slices[4 * i + 2], out, at, valueLength);
        at += valueLength;
      }
    }
    for (int i = 0; i < chunks; i++) {
      out[at++] = 2 << 3 | 2;
      at = putVarint(out, at, aggrChunkSize(cs, i));
      long min = cs.minTime(i);
      long max = cs.maxTime(i);
      if (min != 0) {
        out[at++] = 1 << 3;
        at = putVarint(out, at, min);
      }
      if (max != 0) {
        out[at++] = 2 << 3;
        at = putVarint(out, at, max);
      }
      out[at++] = 3 << 3 | 2; // raw
      at = putVarint(out, at, chunkSize(cs, i));
      int type = cs.type(i) - 1;
      if (type != 0) {
        out[at++] = 1 << 3;
        at = putVarint(out, at, type);
      }
      int dataLength = cs.dataLength(i);
      if (dataLength > 0) {
        out[at++] = 2 << 3 | 2;
        at = putVarint(out, at, dataLength);
        System.arraycopy(in, cs.dataOffset(i), out, at, dataLength);
        at += dataLength;
      }
      if (hashes[i] != 0) {
        out[at++] = 3 << 3;
        at = putVarint(out, at, hashes[i]);
      }
    }
    if (at != size) {
      throw new IllegalStateException("Series size computed wrongly: " + size + " bytes, wrote " + at);
    }
    return new EncodedSeries(out, labelsSize);
  }

  /** A protobuf varint (int64 fields write negative values as 10 bytes, as protobuf does); returns the end. */
  private static int putVarint(byte[] out, int at, long value) {
    while ((value & ~0x7fL) != 0) {
      out[at++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  private static int labelSize(int nameLength, int valueLength) {
    return bytesFieldSize(nameLength) + bytesFieldSize(valueLength);
  }

  private static int bytesFieldSize(int length) {
    return length == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }

  private int aggrChunkSize(ChunkedSeriesCursor cs, int i) {
    long min = cs.minTime(i);
    long max = cs.maxTime(i);
    int chunk = chunkSize(cs, i);
    return (min == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(min))
        + (max == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(max))
        + 1 + CodedOutputStream.computeUInt32SizeNoTag(chunk) + chunk;
  }

  private int chunkSize(ChunkedSeriesCursor cs, int i) {
    int type = cs.type(i) - 1;
    return (type == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(type))
        + bytesFieldSize(cs.dataLength(i))
        + (hashes[i] == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(hashes[i]));
  }

  /** Fills the scratch slices with the served labels of the cursor's series; returns their count. */
  private int mergeLabels(ChunkedSeriesCursor cs) throws UnservableSeriesException {
    byte[] in = cs.buffer();
    int stored = cs.labelCount();
    boolean sorted = true;
    for (int i = 0; i < stored; i++) {
      if (!isUtf8(in, cs.nameOffset(i), cs.nameLength(i)) || !isUtf8(in, cs.valueOffset(i), cs.valueLength(i))) {
        throw new UnservableSeriesException("a label that is not valid UTF-8", Labels.EMPTY);
      }
      if (i > 0 && compare(in, cs.nameOffset(i - 1), cs.nameLength(i - 1), in, cs.nameOffset(i), cs.nameLength(i)) >= 0) {
        sorted = false;
      }
    }
    if (!sorted) {
      return mergeUnsorted(cs);
    }
    int max = stored + external.length / 2;
    ensureScratch(max);
    int o = 0;
    int i = 0;
    int j = 0;
    while (i < stored || j < external.length) {
      int c;
      if (i >= stored) {
        c = 1;
      } else if (j >= external.length) {
        c = -1;
      } else {
        byte[] e = external[j];
        c = compare(in, cs.nameOffset(i), cs.nameLength(i), e, 0, e.length);
      }
      if (c < 0) {
        // Dropped names go whether they are external labels (whose value would have replaced a
        // stored one) or stored labels.
        if (!isDropped(in, cs.nameOffset(i), cs.nameLength(i))) {
          set(o++, in, cs.nameOffset(i), cs.nameLength(i), in, cs.valueOffset(i), cs.valueLength(i));
        }
        i++;
      } else {
        set(o++, external[j], 0, external[j].length, external[j + 1], 0, external[j + 1].length);
        j += 2;
        if (c == 0) {
          i++; // external wins the clash
        }
      }
    }
    return o;
  }

  /**
   * Prometheus always sends labels sorted; should a series not be, its labels are sorted as
   * {@link Labels.Builder} does (a repeated name keeps its last value, an empty value is no label).
   */
  private int mergeUnsorted(ChunkedSeriesCursor cs) {
    byte[] in = cs.buffer();
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < cs.labelCount(); i++) {
      b.set(new String(in, cs.nameOffset(i), cs.nameLength(i), StandardCharsets.UTF_8),
          new String(in, cs.valueOffset(i), cs.valueLength(i), StandardCharsets.UTF_8));
    }
    Labels storedLabels = b.build();
    Labels.Builder merged = storedLabels.toBuilder();
    for (int j = 0; j < external.length; j += 2) {
      merged.set(new String(external[j], StandardCharsets.UTF_8), new String(external[j + 1], StandardCharsets.UTF_8));
    }
    for (byte[] d : dropped) {
      merged.delete(new String(d, StandardCharsets.UTF_8));
    }
    Labels out = merged.build();
    ensureScratch(out.size());
    for (int i = 0; i < out.size(); i++) {
      byte[] name = out.name(i).getBytes(StandardCharsets.UTF_8);
      byte[] value = out.value(i).getBytes(StandardCharsets.UTF_8);
      set(i, name, 0, name.length, value, 0, value.length);
    }
    return out.size();
  }

  private void ensureScratch(int labels) {
    if (arrays.length < 2 * labels) {
      arrays = new byte[2 * labels][];
      slices = new int[4 * labels];
    }
  }

  private void set(int i, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength) {
    arrays[2 * i] = name;
    arrays[2 * i + 1] = value;
    slices[4 * i] = nameOffset;
    slices[4 * i + 1] = nameLength;
    slices[4 * i + 2] = valueOffset;
    slices[4 * i + 3] = valueLength;
  }

  private boolean isDropped(byte[] in, int offset, int length) {
    for (byte[] d : dropped) {
      if (Arrays.equals(in, offset, offset + length, d, 0, d.length)) {
        return true;
      }
    }
    return false;
  }

  private Labels labelsOf(int n) {
    String[] pairs = new String[2 * n];
    for (int i = 0; i < n; i++) {
      pairs[2 * i] = new String(arrays[2 * i], slices[4 * i], slices[4 * i + 1], StandardCharsets.UTF_8);
      pairs[2 * i + 1] = new String(arrays[2 * i + 1], slices[4 * i + 2], slices[4 * i + 3], StandardCharsets.UTF_8);
    }
    return Labels.fromSortedPairs(pairs);
  }

  private static int compare(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    return Arrays.compareUnsigned(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
  }

  /** Label strings must be UTF-8 (protobuf's rule for {@code string}); almost always plain ASCII. */
  private static boolean isUtf8(byte[] b, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (b[i] < 0) {
        return UnsafeByteOperations.unsafeWrap(b, offset, length).isValidUtf8();
      }
    }
    return true;
  }
}
