package io.thanosj.tsdb.block;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way Go's {@code json.Encoder} with {@code SetIndent("", "\t")} does, which is how
 * Prometheus and Thanos write meta.json: tab indentation, {@code "key": value}, empty containers as
 * {@code {}} / {@code []}, HTML-sensitive characters escaped as {@code \u003c} etc., and a trailing
 * newline. Keys are written in the order the caller gives them.
 */
public final class GoJsonWriter {

  private final StringBuilder sb = new StringBuilder(512);
  private final Deque<int[]> counts = new ArrayDeque<>(); // elements written per open container
  private boolean afterKey;

  GoJsonWriter beginObject() {
    open('{');
    return this;
  }

  GoJsonWriter endObject() {
    close('}');
    return this;
  }

  GoJsonWriter beginArray() {
    open('[');
    return this;
  }

  GoJsonWriter endArray() {
    close(']');
    return this;
  }

  GoJsonWriter key(String name) {
    beforeValue();
    string(name);
    sb.append(": ");
    afterKey = true;
    return this;
  }

  GoJsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      sb.append("null");
    } else {
      string(s);
    }
    return this;
  }

  GoJsonWriter value(long v) {
    beforeValue();
    sb.append(v);
    return this;
  }

  GoJsonWriter value(boolean v) {
    beforeValue();
    sb.append(v);
    return this;
  }

  GoJsonWriter nullValue() {
    beforeValue();
    sb.append("null");
    return this;
  }

  /** Writes a parsed JSON tree as read (object keys in their original order). */
  GoJsonWriter value(JsonNode n) {
    if (n == null || n.isNull()) {
      return nullValue();
    }
    if (n.isObject()) {
      beginObject();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        key(e.getKey()).value(e.getValue());
      }
      return endObject();
    }
    if (n.isArray()) {
      beginArray();
      for (JsonNode e : n) {
        value(e);
      }
      return endArray();
    }
    if (n.isTextual()) {
      return value(n.textValue());
    }
    beforeValue();
    sb.append(n.toString()); // numbers and booleans
    return this;
  }

  /** A whole parsed tree as Go writes it, UTF-8, with the trailing newline (thanos.shipper.json, rewritten meta.json). */
  public static byte[] encode(JsonNode tree) {
    return new GoJsonWriter().value(tree).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return sb + "\n";
  }

  private void open(char c) {
    beforeValue();
    sb.append(c);
    counts.push(new int[1]);
  }

  private void close(char c) {
    int n = counts.pop()[0];
    if (n > 0) {
      newline();
    }
    sb.append(c);
  }

  private void beforeValue() {
    if (afterKey) {
      afterKey = false;
      return;
    }
    int[] n = counts.peek();
    if (n == null) {
      return;
    }
    if (n[0] > 0) {
      sb.append(',');
    }
    n[0]++;
    newline();
  }

  private void newline() {
    sb.append('\n');
    for (int i = counts.size(); i > 0; i--) {
      sb.append('\t');
    }
  }

  private void string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
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
