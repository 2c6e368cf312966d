package io.thanosj.sidecar.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text exactly as Go's {@code json.Encoder} with {@code SetIndent("", "\t")} writes it, which is
 * how Thanos writes {@code meta.json} and {@code thanos.shipper.json}: tab indentation, {@code "key": value},
 * {@code {}} and {@code []} for empty containers, {@code <}, {@code >} and {@code &} escaped, and a
 * trailing newline. Keys keep the order of the tree.
 */
final class GoJson {

  private GoJson() {}

  static byte[] encode(JsonNode node) {
    StringBuilder sb = new StringBuilder(1024);
    write(sb, node, 0);
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder sb, JsonNode n, int depth) {
    if (n.isObject()) {
      if (n.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      boolean first = true;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(first ? "\n" : ",\n");
        first = false;
        indent(sb, depth + 1);
        string(sb, e.getKey());
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append('}');
    } else if (n.isArray()) {
      if (n.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        sb.append(i == 0 ? "\n" : ",\n");
        indent(sb, depth + 1);
        write(sb, n.get(i), depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append(']');
    } else if (n.isTextual()) {
      string(sb, n.textValue());
    } else if (n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else {
      // Numbers and booleans: the parsed text is already Go's form for integers and bools.
      sb.append(n.asText());
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append('\t');
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
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
