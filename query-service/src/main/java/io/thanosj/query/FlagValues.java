package io.thanosj.query;

import io.thanosj.promql.format.Durations;
import io.thanosj.service.flags.Flag;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every flag of the running querier with its value as text, for /api/v1/status/flags (Prometheus
 * lists all flags, values as strings: durations in Prometheus syntax, lists as Go prints a slice).
 */
final class FlagValues {

  private FlagValues() {}

  static Map<String, String> of(Record... records) {
    Map<String, String> out = new TreeMap<>();
    for (Record r : records) {
      collect(r, out);
    }
    return out;
  }

  private static void collect(Record r, Map<String, String> out) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read flag " + c.getName(), e);
      }
      Flag flag = c.getAnnotation(Flag.class);
      if (flag == null) {
        if (value instanceof Record nested) {
          collect(nested, out);
        }
        continue;
      }
      out.put(flag.name(), text(value));
    }
  }

  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Duration d) {
      return Durations.format(d.toMillis());
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(text(list.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return v.toString();
  }
}
