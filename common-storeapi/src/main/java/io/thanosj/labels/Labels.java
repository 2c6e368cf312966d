package io.thanosj.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name, with unique names. Names and values sit in one flat
 * array (name0, value0, name1, value1, …) so that comparison and hashing walk a single array and a
 * series costs one object plus its strings.
 *
 * <p>Ordering is Prometheus' {@code labels.Compare}: pairwise by name then value, byte-wise on
 * UTF-8 ({@link StringOrder}), and a set that is a prefix of another sorts first. Series in StoreAPI streams and TSDB indexes are sorted in exactly this order.
 */
public final class Labels implements Comparable<Labels> {

  public static final String METRIC_NAME = "__name__";

  public static final Labels EMPTY = new Labels(new String[0]);

  private final String[] pairs;
  private int hash; // 0 = not yet computed; the set is immutable so racy caching is safe

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /** Builds from alternating names and values, in any order. Duplicate names: the last wins. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of label names and values");
    }
    Builder b = new Builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Labels fromMap(Map<String, String> map) {
    Builder b = new Builder();
    map.forEach(b::set);
    return b.build();
  }

  /**
   * Wraps alternating names and values that the caller guarantees are already sorted by name and
   * unique (as read from a TSDB index or a sorted wire message). The array is not copied.
   */
  public static Labels fromSortedPairs(String[] pairs) {
    return new Labels(pairs);
  }

  public int size() {
    return pairs.length >> 1;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[i << 1];
  }

  public String value(int i) {
    return pairs[(i << 1) + 1];
  }

  /** The value of {@code name}, or the empty string when absent (Prometheus' convention). */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[(i << 1) + 1];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** Binary search over the sorted names; returns the pair index or a negative value. */
  public int indexOf(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = StringOrder.compare(pairs[mid << 1], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  public Map<String, String> toMap() {
    Map<String, String> m = new TreeMap<>(StringOrder.UTF8);
    forEach(m::put);
    return m;
  }

  public List<String> names() {
    List<String> out = new ArrayList<>(size());
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(pairs[i]);
    }
    return out;
  }

  /** A copy without the given names; returns {@code this} when none of them is present. */
  public Labels without(Collection<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    int keep = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        keep++;
      }
    }
    if (keep == size()) {
      return this;
    }
    String[] out = new String[keep << 1];
    int j = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        out[j++] = pairs[i];
        out[j++] = pairs[i + 1];
      }
    }
    return new Labels(out);
  }

  /** A copy holding only the given names. */
  public Labels keepOnly(Collection<String> names) {
    int keep = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        keep++;
      }
    }
    if (keep == size()) {
      return this;
    }
    String[] out = new String[keep << 1];
    int j = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        out[j++] = pairs[i];
        out[j++] = pairs[i + 1];
      }
    }
    return new Labels(out);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public int compareTo(Labels o) {
    return compare(this, o);
  }

  /** Prometheus' labels.Compare. */
  public static int compare(Labels a, Labels b) {
    String[] x = a.pairs;
    String[] y = b.pairs;
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i += 2) {
      int c = StringOrder.compare(x[i], y[i]);
      if (c != 0) {
        return c;
      }
      c = StringOrder.compare(x[i + 1], y[i + 1]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    if (hash != 0 && other.hash != 0 && hash != other.hash) {
      return false;
    }
    return Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  /** Prometheus' text form: {@code {a="1", b="2"}} with Go-style escaping of values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(16 * size() + 2);
    sb.append('{');
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[i]).append("=\"");
      appendEscaped(sb, pairs[i + 1]);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private static void appendEscaped(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** Mutable builder; later {@code set} calls for the same name win, an empty value deletes. */
  public static final class Builder {
    private final TreeMap<String, String> map = new TreeMap<>(StringOrder.UTF8);

    public Builder() {}

    private Builder(Labels base) {
      base.forEach(map::put);
    }

    /** Sets a label; an empty value removes it, as in Prometheus. */
    public Builder set(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null || value.isEmpty()) {
        map.remove(name);
      } else {
        map.put(name, value);
      }
      return this;
    }

    public Builder delete(String name) {
      map.remove(name);
      return this;
    }

    public String get(String name) {
      return map.getOrDefault(name, "");
    }

    public Labels build() {
      if (map.isEmpty()) {
        return EMPTY;
      }
      String[] out = new String[map.size() << 1];
      int i = 0;
      for (Map.Entry<String, String> e : map.entrySet()) {
        out[i++] = e.getKey();
        out[i++] = e.getValue();
      }
      return new Labels(out);
    }
  }
}
