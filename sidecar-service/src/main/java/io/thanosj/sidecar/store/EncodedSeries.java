package io.thanosj.sidecar.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.Series;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One series in its StoreAPI wire form: the bytes of a {@code thanos.Series} message (labels, field
 * 1, then chunks, field 2), with the end of the label fields remembered so that series can be
 * ordered without decoding them. Every Label message holds a non-empty name and, when non-empty,
 * a value, as protobuf writes them.
 */
record EncodedSeries(byte[] bytes, int labelsEnd) {

  /** Prometheus' {@code labels.Compare} on the label fields: byte-wise names, then values, then count. */
  static int compareLabels(EncodedSeries a, EncodedSeries b) {
    byte[] x = a.bytes;
    byte[] y = b.bytes;
    // Neighbouring series of one response share most leading labels byte for byte: one mismatch
    // over the label section skips them, instead of comparing every name and value on its own.
    int same = Arrays.mismatch(x, 0, a.labelsEnd, y, 0, b.labelsEnd);
    if (same < 0) {
      return 0;
    }
    int i = 0;
    while (i < a.labelsEnd) {
      int len = varint(x, i + 1);
      int end = i + 1 + varintSize(len) + len;
      if (end > same) {
        break;
      }
      i = end;
    }
    // Up to i both sections hold the same whole labels; compare label by label from there.
    int j = i;
    while (i < a.labelsEnd && j < b.labelsEnd) {
      // Each label: tag 0x0a, length, then optional name (0x0a len bytes) and value (0x12 len bytes).
      int xLen = varint(x, i + 1);
      int xBody = i + 1 + varintSize(xLen);
      int xEnd = xBody + xLen;
      int yLen = varint(y, j + 1);
      int yBody = j + 1 + varintSize(yLen);
      int yEnd = yBody + yLen;
      int c = compareField(x, xBody, xEnd, 0x0a, y, yBody, yEnd);
      if (c != 0) {
        return c;
      }
      c = compareField(x, skipField(x, xBody, xEnd, 0x0a), xEnd, 0x12, y, skipField(y, yBody, yEnd, 0x0a), yEnd);
      if (c != 0) {
        return c;
      }
      i = xEnd;
      j = yEnd;
    }
    return Boolean.compare(i < a.labelsEnd, j < b.labelsEnd);
  }

  /** Compares the payloads of field {@code tag} at {@code x[from]} and {@code y[from]}, absent = empty. */
  private static int compareField(byte[] x, int xFrom, int xEnd, int tag, byte[] y, int yFrom, int yEnd) {
    int xOff = xFrom;
    int xLen = 0;
    if (xFrom < xEnd && x[xFrom] == tag) {
      xLen = varint(x, xFrom + 1);
      xOff = xFrom + 1 + varintSize(xLen);
    }
    int yOff = yFrom;
    int yLen = 0;
    if (yFrom < yEnd && y[yFrom] == tag) {
      yLen = varint(y, yFrom + 1);
      yOff = yFrom + 1 + varintSize(yLen);
    }
    return Arrays.compareUnsigned(x, xOff, xOff + xLen, y, yOff, yOff + yLen);
  }

  private static int skipField(byte[] b, int from, int end, int tag) {
    if (from < end && b[from] == tag) {
      int len = varint(b, from + 1);
      return from + 1 + varintSize(len) + len;
    }
    return from;
  }

  /** The labels as strings, for the rare paths (sharding, error messages). */
  Labels labels() {
    String[] pairs = new String[16];
    int n = 0;
    int i = 0;
    while (i < labelsEnd) {
      int len = varint(bytes, i + 1);
      int body = i + 1 + varintSize(len);
      int end = body + len;
      if (n + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[n++] = field(body, end, 0x0a);
      pairs[n++] = field(skipField(bytes, body, end, 0x0a), end, 0x12);
      i = end;
    }
    return Labels.fromSortedPairs(Arrays.copyOf(pairs, n));
  }

  private String field(int from, int end, int tag) {
    if (from < end && bytes[from] == tag) {
      int len = varint(bytes, from + 1);
      return new String(bytes, from + 1 + varintSize(len), len, StandardCharsets.UTF_8);
    }
    return "";
  }

  /** The series as a protobuf object, for callers in the same process. */
  Series toSeries() {
    try {
      return Series.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the sidecar encoded a Series it cannot parse back", e);
    }
  }

  /** An unsigned varint of at most 32 bits, as written by {@link StoreSeriesEncoder}. */
  private static int varint(byte[] b, int at) {
    int result = 0;
    for (int shift = 0; ; shift += 7) {
      byte v = b[at++];
      result |= (v & 0x7f) << shift;
      if (v >= 0) {
        return result;
      }
    }
  }

  private static int varintSize(int value) {
    return (31 - Integer.numberOfLeadingZeros(value | 1)) / 7 + 1;
  }
}
