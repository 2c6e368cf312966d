package io.thanosj.service.logging;

/**
 * logfmt, as written by go-kit's logger in Thanos: {@code key=value} separated by spaces, a value
 * quoted (Go-style escapes) when it holds spaces, {@code =}, quotes or control
 * characters.
 */
public final class LogfmtEncoder extends LogLineEncoder {

  @Override
  protected void begin(StringBuilder sb) {}

  @Override
  protected void field(StringBuilder sb, String key, String value) {
    if (sb.length() > 0) {
      sb.append(' ');
    }
    appendKey(sb, key);
    sb.append('=');
    appendValue(sb, value);
  }

  @Override
  protected void end(StringBuilder sb) {}

  private static void appendKey(StringBuilder sb, String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      // Keys cannot be quoted in logfmt; drop what would break the line's structure.
      sb.append(c <= ' ' || c == '=' || c == '"' ? '_' : c);
    }
  }

  static void appendValue(StringBuilder sb, String value) {
    if (!needsQuotes(value)) {
      sb.append(value);
      return;
    }
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
