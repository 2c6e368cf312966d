package io.thanosj.query.api;

import io.thanosj.labels.Labels;
import io.thanosj.promql.format.GoFloats;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes JSON byte-for-byte as Prometheus' API does: strings escaped like Go's encoding/json with
 * HTML escaping ({@code <} {@code >} {@code &} as backslash-u003c …, U+2028/U+2029 escaped, other
 * non-ASCII raw, control characters as backslash-u00XX), sample timestamps as seconds with exactly
 * three millisecond digits, sample values as Go formats floats.
 */
final class Json {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  // UTF-8 bytes straight away: a range answer can hold millions of samples, and building it as
  // chars first cost a copy into a String and another into bytes.
  private byte[] buf = new byte[256];
  private int size;

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  /** JSON syntax or other text already in its final form. */
  Json raw(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = appendUtf8(s, i, n);
        return this;
      }
      buf[size++] = (byte) c;
    }
    return this;
  }

  Json raw(char c) {
    if (c < 0x80) {
      put((byte) c);
      return this;
    }
    return raw(String.valueOf(c));
  }

  /** Writes s[from, to) as UTF-8 from {@code size}; returns the new size. */
  private int appendUtf8(String s, int from, int to) {
    byte[] b = s.substring(from, to).getBytes(StandardCharsets.UTF_8);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    return size + b.length;
  }

  Json string(String s) {
    put((byte) '"');
    int n = s.length();
    int plainFrom = 0; // start of the run of characters written as they are
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String escape = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> null;
      };
      boolean unicode = escape == null && (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029');
      if (escape == null && !unicode) {
        continue;
      }
      plain(s, plainFrom, i);
      plainFrom = i + 1;
      if (unicode) {
        unicodeEscape(c);
      } else {
        raw(escape);
      }
    }
    plain(s, plainFrom, n);
    put((byte) '"');
    return this;
  }

  private void plain(String s, int from, int to) {
    ensure(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = appendUtf8(s, i, to);
        return;
      }
      buf[size++] = (byte) c;
    }
  }

  private void unicodeEscape(char c) {
    ensure(6);
    buf[size++] = '\\';
    buf[size++] = 'u';
    buf[size++] = HEX[(c >> 12) & 0xF];
    buf[size++] = HEX[(c >> 8) & 0xF];
    buf[size++] = HEX[(c >> 4) & 0xF];
    buf[size++] = HEX[c & 0xF];
  }

  /** A non-negative decimal integer. */
  private void digits(long v) {
    if (v < 10) {
      put((byte) ('0' + v));
      return;
    }
    int n = 0;
    for (long t = v; t > 0; t /= 10) {
      n++;
    }
    ensure(n);
    int end = size + n;
    for (int i = end - 1; i >= size; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size = end;
  }

  Json stringArray(List<String> values) {
    put((byte) '[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        put((byte) ',');
      }
      string(values.get(i));
    }
    put((byte) ']');
    return this;
  }

  /** A label set as a JSON object, keys in label order (sorted, as Go sorts map keys). */
  Json labels(Labels labels) {
    put((byte) '{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        put((byte) ',');
      }
      string(labels.name(i)).raw(':').string(labels.value(i));
    }
    put((byte) '}');
    return this;
  }

  /** Prometheus' MarshalTimestamp: seconds, and a dot with three digits unless whole. */
  Json timestamp(long ms) {
    long t = ms;
    if (t < 0) {
      put((byte) '-');
      // Long.MIN_VALUE cannot be negated; its magnitude is written through unsigned arithmetic.
      if (t == Long.MIN_VALUE) {
        return raw(Long.toUnsignedString(Long.MIN_VALUE / -1000L)).raw(".808");
      }
      t = -t;
    }
    digits(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      ensure(4);
      buf[size++] = '.';
      buf[size++] = (byte) ('0' + fraction / 100);
      buf[size++] = (byte) ('0' + fraction / 10 % 10);
      buf[size++] = (byte) ('0' + fraction % 10);
    }
    return this;
  }

  /** Prometheus' MarshalValue: a quoted float, 'f' form unless tiny or huge, then 'e'. */
  Json sampleValue(double v) {
    double abs = Math.abs(v);
    boolean exp = abs != 0 && (abs < 1e-6 || abs >= 1e21);
    put((byte) '"');
    raw(exp ? GoFloats.formatE(v) : GoFloats.formatF(v));
    put((byte) '"');
    return this;
  }

  /** Go's encoding/json for a float64 (scalar and string result timestamps). */
  Json goFloat(double v) {
    double abs = Math.abs(v);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      // encoding/json writes e-07 as e-7.
      String e = GoFloats.formatE(v);
      int n = e.length();
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      raw(e);
    } else {
      raw(GoFloats.formatF(v));
    }
    return this;
  }

  byte[] bytes() {
    return Arrays.copyOf(buf, size);
  }

  @Override
  public String toString() {
    return new String(buf, 0, size, StandardCharsets.UTF_8);
  }
}
