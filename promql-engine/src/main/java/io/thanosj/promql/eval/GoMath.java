package io.thanosj.promql.eval;

/**
 * Go's math functions where Java's differ in special cases or are missing, so that PromQL
 * functions return what Prometheus returns (e.g. Go's Max(+Inf, NaN) is +Inf, Java's is NaN).
 */
final class GoMath {

  private static final double LN2 = 6.93147180559945286227e-01;
  private static final double NEAR_ZERO = 1.0 / (1 << 28);
  private static final double LARGE = 1 << 28;
  private static final double INV_LN10 = 1 / 2.30258509299404568401799145468436420760110148862877297603332790;
  private static final double INV_LN2 = 1 / 0.693147180559945309417232121458176568075500134360255254120680009;

  private GoMath() {}

  static double max(double x, double y) {
    if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.NaN;
    }
    if (x == 0 && x == y) {
      return signbit(x) ? y : x;
    }
    return x > y ? x : y;
  }

  static double min(double x, double y) {
    if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.NaN;
    }
    if (x == 0 && x == y) {
      return signbit(x) ? x : y;
    }
    return x < y ? x : y;
  }

  static boolean signbit(double x) {
    return Double.doubleToRawLongBits(x) < 0;
  }

  /** Go: Log(x) * (1/Ln10). */
  static double log10(double x) {
    return Math.log(x) * INV_LN10;
  }

  /** Go: exact for powers of two, else Log(frac)*(1/Ln2) + exp. */
  static double log2(double x) {
    if (x == 0 || Double.isNaN(x) || Double.isInfinite(x) || x < 0) {
      return Math.log(x) * INV_LN2;
    }
    int exp = Math.getExponent(x);
    double frac;
    if (exp == Double.MIN_EXPONENT - 1) { // subnormal
      double normalized = x * 0x1p52;
      exp = Math.getExponent(normalized) - 52;
      frac = normalized / Math.scalb(1.0, Math.getExponent(normalized) + 1);
    } else {
      frac = x / Math.scalb(1.0, exp + 1);
    }
    exp += 1; // frexp: x = frac × 2^exp with frac in [0.5, 1)
    if (frac == 0.5) {
      return exp - 1;
    }
    return Math.log(frac) * INV_LN2 + exp;
  }

  static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double temp;
    if (x > LARGE) {
      temp = Math.log(x) + LN2;
    } else if (x > 2) {
      temp = Math.log(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
    } else if (x < NEAR_ZERO) {
      temp = x;
    } else {
      temp = Math.log1p(x + x * x / (1 + Math.sqrt(1 + x * x)));
    }
    return sign ? -temp : temp;
  }

  static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return Math.log(x) + LN2;
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double temp;
    if (x < NEAR_ZERO) {
      temp = x;
    } else if (x < 0.5) {
      temp = x + x;
      temp = 0.5 * Math.log1p(temp + temp * x / (1 - x));
    } else {
      temp = 0.5 * Math.log1p((x + x) / (1 - x));
    }
    return sign ? -temp : temp;
  }

  /** Go's int64(f) on amd64: NaN and out-of-range values become math.MinInt64. */
  static long toInt64(double f) {
    if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }
}
