package io.thanosj.promql.format;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Float formatting and parsing with the exact behaviour of Go's {@code strconv} and {@code fmt},
 * because Prometheus prints numbers that way into expressions ({@code 1e+06}), error messages
 * ({@code %f}, {@code %v}) and label values ({@code count_values} uses {@code 'f', -1}).
 *
 * <p>Go prints the shortest decimal that parses back to the same double. JDK 17's
 * {@link Double#toString} always round-trips but sometimes prints a digit or two more than needed,
 * so the digits come from jackson-core's port of the Schubfach algorithm, which JDK 19 adopted
 * for {@code Double.toString}; it is also far faster, which matters when a query answer holds
 * millions of samples.
 */
public final class GoFloats {

  private GoFloats() {}

  /** Shortest decimal digits of a positive finite double: value = 0.{digits} × 10^{point}. */
  private record Decimal(String digits, int point) {}

  private static Decimal shortest(double v) {
    if (v == Math.rint(v) && v < 1e15) {
      String d = Long.toString((long) v);
      int point = d.length();
      int end = d.length();
      while (end > 1 && d.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(d.substring(0, end), point);
    }
    // Schubfach (Giulietti's algorithm, as JDK 19+ Double.toString uses it): the shortest decimal
    // that rounds to v, the closest to v among those of that length; fast, no BigDecimal. Its one
    // difference from Go: when one digit would do, it may print two (4.9E-324, where Go prints 5e-324).
    Decimal d = parseJava(DoubleToDecimal.toString(v));
    if (d.digits().length() == 2) {
      Decimal one = oneDigit(v, d);
      if (one != null) {
        return one;
      }
    }
    return d;
  }

  /** Digits and point of a Java-formatted positive double ("3.25", "1.0E-5", "4.9E-324"). */
  private static Decimal parseJava(String s) {
    int e = s.indexOf('E');
    String mantissa = e < 0 ? s : s.substring(0, e);
    int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int point = dot + exp;
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
      point--;
    }
    int end = digits.length();
    while (end > start + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return new Decimal(digits.substring(start, end), point);
  }

  /**
   * The one-digit decimal that rounds to v, closest to v, when there is one. The one-digit
   * decimals around the two-digit {@code d} are its first digit and the next; if any one-digit
   * decimal rounds to v, one of those two does (the decimals rounding to v form an interval
   * containing d).
   */
  private static Decimal oneDigit(double v, Decimal d) {
    int first = d.digits().charAt(0) - '0';
    Decimal lo = new Decimal(Integer.toString(first), d.point());
    Decimal hi = first == 9 ? new Decimal("1", d.point() + 1) : new Decimal(Integer.toString(first + 1), d.point());
    boolean loOk = value(lo) == v;
    boolean hiOk = value(hi) == v;
    if (loOk && hiOk) {
      BigDecimal exact = new BigDecimal(v);
      BigDecimal toLo = exact.subtract(new BigDecimal(toPlain(lo))).abs();
      BigDecimal toHi = new BigDecimal(toPlain(hi)).subtract(exact).abs();
      return toLo.compareTo(toHi) <= 0 ? lo : hi;
    }
    return loOk ? lo : hiOk ? hi : null;
  }

  private static double value(Decimal d) {
    return Double.parseDouble("0." + d.digits() + "e" + d.point());
  }

  private static String toPlain(Decimal d) {
    return new BigDecimal("0." + d.digits() + "e" + d.point()).toPlainString();
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return null;
  }

  private static boolean negative(double v) {
    return v < 0 || (v == 0 && 1 / v < 0);
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
  public static String formatF(double v) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e7 && abs != Math.rint(abs)) {
      // Query answers are mostly numbers like these; skip the digit juggling below. In this range
      // Java writes plain notation ("0.0125", "-3.75"), which is Go's 'f' form whenever the digits
      // agree: always, except possibly when Java printed two significant digits (see shortest()).
      String java = DoubleToDecimal.toString(v);
      if (significantDigits(java) > 2) {
        return java;
      }
    }
    StringBuilder sb = new StringBuilder(24);
    if (negative(v)) {
      sb.append('-');
    }
    if (v == 0) {
      return sb.append('0').toString();
    }
    appendPlain(sb, shortest(abs));
    return sb.toString();
  }

  /** Significant digits of a number in Java's plain notation (no exponent). */
  private static int significantDigits(String plain) {
    int n = 0;
    boolean leading = true;
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (c >= '1' && c <= '9' || c == '0' && !leading) {
        n++;
        leading = false;
      }
    }
    return n;
  }

  private static void appendPlain(StringBuilder sb, Decimal d) {
    String digits = d.digits();
    int point = d.point();
    if (point <= 0) {
      sb.append("0.");
      sb.append("0".repeat(-point));
      sb.append(digits);
    } else if (point >= digits.length()) {
      sb.append(digits);
      sb.append("0".repeat(point - digits.length()));
    } else {
      sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, e.g. {@code 2.125e+22}. */
  public static String formatE(double v) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    StringBuilder sb = new StringBuilder(24);
    if (negative(v)) {
      sb.append('-');
    }
    if (v == 0) {
      return sb.append("0e+00").toString();
    }
    appendExponent(sb, shortest(Math.abs(v)));
    return sb.toString();
  }

  private static void appendExponent(StringBuilder sb, Decimal d) {
    String digits = d.digits();
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    int exp = d.point() - 1;
    sb.append('e').append(exp < 0 ? '-' : '+');
    int abs = Math.abs(exp);
    if (abs < 10) {
      sb.append('0');
    }
    sb.append(abs);
  }

  /**
   * Go's {@code %v} / {@code strconv.FormatFloat(v, 'g', -1, 64)}: plain notation unless the decimal
   * exponent is below -4 or at least 6 (Go's rule for shortest %g), e.g. {@code 100000} but
   * {@code 1e+06}.
   */
  public static String formatG(double v) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    StringBuilder sb = new StringBuilder(24);
    if (negative(v)) {
      sb.append('-');
    }
    if (v == 0) {
      return sb.append('0').toString();
    }
    Decimal d = shortest(Math.abs(v));
    int exp = d.point() - 1;
    if (exp < -4 || exp >= 6) {
      appendExponent(sb, d);
    } else {
      appendPlain(sb, d);
    }
    return sb.toString();
  }

  /** Go's {@code %.<prec>f}: the exact binary value rounded half-to-even to {@code prec} places. */
  public static String formatFixed(double v, int prec) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    String out = new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    if (negative(v) && !out.startsWith("-")) {
      out = "-" + out;
    }
    return out;
  }

  /** Thrown with Go's error text, e.g. {@code strconv.ParseFloat: parsing "x": invalid syntax}. */
  public static final class NumberSyntaxException extends NumberFormatException {
    private static final long serialVersionUID = 1L;

    NumberSyntaxException(String message) {
      super(message);
    }
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}: decimal, hex with p exponent, inf/infinity/nan. */
  public static double parseFloat(String s) {
    double special = parseSpecial(s);
    if (!Double.isNaN(special) || s.equalsIgnoreCase("nan")) {
      return special;
    }
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    boolean hex = i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
    if (hex ? !validHexFloat(s, i + 2) : !validDecimal(s, i)) {
      throw new NumberSyntaxException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }
    double v = Double.parseDouble(s);
    if (Double.isInfinite(v)) {
      throw new NumberSyntaxException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return v;
  }

  /** ±Inf for "inf"/"infinity" with optional sign, NaN for "nan", otherwise NaN with s != "nan". */
  private static double parseSpecial(String s) {
    String body = s;
    double sign = 1;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      sign = s.charAt(0) == '-' ? -1 : 1;
      body = s.substring(1);
    } else if (s.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    return Double.NaN;
  }

  private static boolean validDecimal(String s, int i) {
    int n = s.length();
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean validHexFloat(String s, int i) {
    int n = s.length();
    int digits = 0;
    while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        i++;
        digits++;
      }
    }
    if (digits == 0 || i >= n || (s.charAt(i) != 'p' && s.charAt(i) != 'P')) {
      return false;
    }
    i++;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int expDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      expDigits++;
    }
    return expDigits > 0 && i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)}: optional sign, then a base prefix 0x, 0o, 0b or a
   * leading 0 for octal. Throws when the syntax is wrong or the value does not fit in 64 bits.
   */
  public static long parseInt(String s) {
    int i = 0;
    int n = s.length();
    boolean neg = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    int base = 10;
    if (i + 1 < n && s.charAt(i) == '0') {
      char p = Character.toLowerCase(s.charAt(i + 1));
      if (p == 'x') {
        base = 16;
        i += 2;
      } else if (p == 'o') {
        base = 8;
        i += 2;
      } else if (p == 'b') {
        base = 2;
        i += 2;
      } else {
        base = 8;
        i += 1;
      }
    }
    if (i >= n) {
      throw new NumberSyntaxException("strconv.ParseInt: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }
    java.math.BigInteger acc = java.math.BigInteger.ZERO;
    java.math.BigInteger b = java.math.BigInteger.valueOf(base);
    for (; i < n; i++) {
      int d = Character.digit(s.charAt(i), base);
      if (d < 0) {
        throw new NumberSyntaxException("strconv.ParseInt: parsing " + GoStrings.quote(s) + ": invalid syntax");
      }
      acc = acc.multiply(b).add(java.math.BigInteger.valueOf(d));
    }
    if (neg) {
      acc = acc.negate();
    }
    if (acc.bitLength() > 63) {
      throw new NumberSyntaxException("strconv.ParseInt: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return acc.longValue();
  }

  /** Prometheus' number rule: integer parse with base auto-detection first, then float parse. */
  public static double parseNumber(String s) {
    try {
      return parseInt(s);
    } catch (NumberFormatException e) {
      return parseFloat(s);
    }
  }
}
