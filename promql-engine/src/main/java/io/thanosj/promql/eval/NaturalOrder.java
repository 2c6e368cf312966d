package io.thanosj.promql.eval;

import io.thanosj.labels.StringOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The natural string order sort_by_label uses (Prometheus vendors facette/natsort): strings are
 * split into runs of digits and non-digits; digit runs compare as integers.
 */
final class NaturalOrder {

  private NaturalOrder() {}

  private static List<String> chunks(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      boolean digit = isDigit(s.charAt(i));
      int j = i + 1;
      while (j < s.length() && isDigit(s.charAt(j)) == digit) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Long integer(String s) {
    if (s.isEmpty() || !isDigit(s.charAt(0))) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null; // Go's Atoi fails on overflow too; the chunk then compares as text
    }
  }

  /** natsort.Compare(a, b): whether a precedes b. */
  static boolean less(String a, String b) {
    List<String> ca = chunks(a);
    List<String> cb = chunks(b);
    for (int i = 0; i < ca.size(); i++) {
      if (i >= cb.size()) {
        return false;
      }
      Long ai = integer(ca.get(i));
      Long bi = integer(cb.get(i));
      if (ai != null && bi != null) {
        if (ai.longValue() == bi.longValue()) {
          if (i == ca.size() - 1) {
            return true;
          } else if (i == cb.size() - 1) {
            return false;
          }
          continue;
        }
        return ai < bi;
      }
      if (ca.get(i).equals(cb.get(i))) {
        if (i == ca.size() - 1) {
          return true;
        } else if (i == cb.size() - 1) {
          return false;
        }
        continue;
      }
      return StringOrder.compare(ca.get(i), cb.get(i)) < 0;
    }
    return false;
  }
}
