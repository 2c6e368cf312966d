package io.thanosj.sidecar.promclient;

import io.thanosj.labels.Matcher;
import java.util.List;

/** Matchers as a PromQL series selector for the {@code match[]} parameter, e.g. {@code {job="a", code=~"5.."}}. */
public final class Selectors {

  private Selectors() {}

  public static String format(List<Matcher> matchers) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < matchers.size(); i++) {
      Matcher m = matchers.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(m.name()).append(m.type().symbol());
      quote(sb, m.value());
    }
    return sb.append('}').toString();
  }

  /**
   * A Go-syntax double-quoted string, which PromQL unquotes with Go's rules: backslash, quote and
   * control characters are escaped so any label value survives the round trip.
   */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
