package io.thanosj.store;

/**
 * A size flag such as {@code 250MB} or {@code 2GB}. Thanos reads these with kingpin's {@code
 * units.Base2Bytes}, so {@code MB} means 2^20 bytes (as does {@code MiB}); a bare number is bytes.
 */
public record ByteSize(long bytes) {

  public static ByteSize parse(String s) {
    String t = s.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("\"" + s + "\" is not a size such as 250MB");
    }
    double n = Double.parseDouble(t.substring(0, i));
    String unit = t.substring(i).trim().toUpperCase(java.util.Locale.ROOT).replace("IB", "B");
    long mult = switch (unit) {
      case "", "B" -> 1L;
      case "KB", "K" -> 1L << 10;
      case "MB", "M" -> 1L << 20;
      case "GB", "G" -> 1L << 30;
      case "TB", "T" -> 1L << 40;
      default -> throw new IllegalArgumentException("\"" + s + "\" has an unknown unit; use B, KB, MB, GB or TB");
    };
    return new ByteSize((long) (n * mult));
  }
}
