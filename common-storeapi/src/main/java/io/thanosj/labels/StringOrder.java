package io.thanosj.labels;

import java.util.Comparator;

/**
 * Byte-wise UTF-8 ordering of strings, which is how Go and therefore Prometheus and Thanos sort label
 * names, values, symbols and series. {@link String#compareTo} orders by UTF-16 code units instead,
 * which disagrees for supplementary characters (surrogates) against U+E000–U+FFFF.
 */
public final class StringOrder {

  public static final Comparator<String> UTF8 = StringOrder::compare;

  private StringOrder() {}

  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca >= 0xD800 && cb >= 0xD800) {
          // Move surrogates above U+E000..U+FFFF so the comparison follows code points (= UTF-8 bytes).
          return fix(ca) - fix(cb);
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  private static int fix(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
