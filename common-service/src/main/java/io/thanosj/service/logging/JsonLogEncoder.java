package io.thanosj.service.logging;

/** {@code --log.format=json}: one JSON object per line with the same fields as logfmt. */
public final class JsonLogEncoder extends LogLineEncoder {

  @Override
  protected void begin(StringBuilder sb) {
    sb.append('{');
  }

  @Override
  protected void field(StringBuilder sb, String key, String value) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    appendString(sb, key);
    sb.append(':');
    appendString(sb, value);
  }

  @Override
  protected void end(StringBuilder sb) {
    sb.append('}');
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
