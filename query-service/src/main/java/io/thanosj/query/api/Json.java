package io.thanosj.query.api;

import io.thanosj.labels.Labels;
import io.thanosj.promql.format.GoFloats;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes JSON byte-for-byte as Prometheus' API does: strings escaped like Go's encoding/json with
 * HTML escaping ({@code <} {@code >} {@code &} as backslash-u003c …, U+2028/U+2029 escaped, other
 * non-ASCII raw, control characters as backslash-u00XX), sample timestamps as seconds with exactly
 * three millisecond digits, sample values as Go formats floats.
 */
final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder sb = new StringBuilder(256);

  Json raw(String s) {
    sb.append(s);
    return this;
  }

  Json raw(char c) {
    sb.append(c);
    return this;
  }

  Json string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    return this;
  }

  private void unicodeEscape(char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }

  Json stringArray(List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      string(values.get(i));
    }
    sb.append(']');
    return this;
  }

  /** A label set as a JSON object, keys in label order (sorted, as Go sorts map keys). */
  Json labels(Labels labels) {
    sb.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      string(labels.name(i)).raw(':').string(labels.value(i));
    }
    sb.append('}');
    return this;
  }

  /** Prometheus' MarshalTimestamp: seconds, and a dot with three digits unless whole. */
  Json timestamp(long ms) {
    long t = ms;
    if (t < 0) {
      sb.append('-');
      // Long.MIN_VALUE cannot be negated; its magnitude is written through unsigned arithmetic.
      if (t == Long.MIN_VALUE) {
        sb.append(Long.toUnsignedString(Long.MIN_VALUE / -1000L)).append(".808");
        return this;
      }
      t = -t;
    }
    sb.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      sb.append('.');
      if (fraction < 100) {
        sb.append('0');
      }
      if (fraction < 10) {
        sb.append('0');
      }
      sb.append(fraction);
    }
    return this;
  }

  /** Prometheus' MarshalValue: a quoted float, 'f' form unless tiny or huge, then 'e'. */
  Json sampleValue(double v) {
    double abs = Math.abs(v);
    boolean exp = abs != 0 && (abs < 1e-6 || abs >= 1e21);
    sb.append('"').append(exp ? GoFloats.formatE(v) : GoFloats.formatF(v)).append('"');
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
      sb.append(e);
    } else {
      sb.append(GoFloats.formatF(v));
    }
    return this;
  }

  byte[] bytes() {
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
