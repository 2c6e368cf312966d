package io.thanosj.promql.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFloatsTest {

  @Test
  void knownGoOutputs() {
    // strconv.FormatFloat(v, 'f', -1, 64) and 'g' as Go prints them.
    assertThat(GoFloats.formatF(0.1)).isEqualTo("0.1");
    assertThat(GoFloats.formatF(1.0 / 3)).isEqualTo("0.3333333333333333");
    assertThat(GoFloats.formatF(2.0 / 3)).isEqualTo("0.6666666666666666");
    assertThat(GoFloats.formatF(41.0 / 12)).isEqualTo("3.4166666666666665");
    assertThat(GoFloats.formatF(1e23)).isEqualTo("100000000000000000000000");
    assertThat(GoFloats.formatF(2e-3)).isEqualTo("0.002");
    assertThat(GoFloats.formatE(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(GoFloats.formatE(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(GoFloats.formatG(1e6)).isEqualTo("1e+06");
    assertThat(GoFloats.formatG(123456)).isEqualTo("123456");
    assertThat(GoFloats.formatG(-0.0001)).isEqualTo("-0.0001");
    assertThat(GoFloats.formatG(0.00001)).isEqualTo("1e-05");
  }

  /**
   * Against the exact definition, computed the slow way with BigDecimal: the fewest digits whose
   * correctly rounded value parses back to v. Random doubles over the whole exponent range, random
   * short decimals (where Java's old Double.toString printed extra digits) and rates as a query
   * produces them.
   */
  @Test
  void shortestDigitsEqualTheExactDefinition() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      double v = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL); // any finite positive
        case 1 -> rnd.nextInt(1_000_000) / Math.pow(10, rnd.nextInt(12)); // short decimals
        case 2 -> rnd.nextInt(100_000) / (double) (1 + rnd.nextInt(3600)); // rates
        default -> Double.longBitsToDouble(Double.doubleToLongBits(rnd.nextInt(1, 1000) * Math.pow(10, rnd.nextInt(-300, 300)))
            + rnd.nextInt(-2, 3)); // neighbours of round numbers
      };
      if (v <= 0 || Double.isInfinite(v) || Double.isNaN(v)) {
        continue;
      }
      assertThat(GoFloats.formatE(v)).as("bits %x", Double.doubleToLongBits(v)).isEqualTo(referenceE(v));
    }
  }

  /** The 'f' form, incl. its fast path for plain-notation magnitudes, against the exact definition. */
  @Test
  void plainFormEqualsTheExactDefinition() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double v = switch (i % 3) {
        case 0 -> rnd.nextDouble(1e-3, 1e7);
        case 1 -> rnd.nextInt(100_000) / (double) (1 + rnd.nextInt(3600));
        default -> Math.pow(10, rnd.nextDouble(-4, 8));
      };
      if (v == 0) {
        continue;
      }
      double signed = (i & 1) == 0 ? v : -v;
      assertThat(GoFloats.formatF(signed)).as("bits %x", Double.doubleToLongBits(signed))
          .isEqualTo((signed < 0 ? "-" : "") + new BigDecimal(referenceE(v).replace("e", "E")).toPlainString());
    }
    assertThat(GoFloats.formatF(0.25)).isEqualTo("0.25");
    assertThat(GoFloats.formatF(-0.001)).isEqualTo("-0.001");
    assertThat(GoFloats.formatF(1234567.5)).isEqualTo("1234567.5");
    assertThat(GoFloats.formatF(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }

  /** Go's 'e' format of v from the exact definition. */
  private static String referenceE(double v) {
    BigDecimal exact = new BigDecimal(v);
    BigDecimal best = new BigDecimal(Double.toString(v));
    for (int p = 17; p >= 1; p--) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        best = r;
      } else if (p < 16) {
        break;
      }
    }
    BigDecimal s = best.stripTrailingZeros();
    String digits = s.unscaledValue().toString();
    int exp = digits.length() - s.scale() - 1;
    StringBuilder sb = new StringBuilder().append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) {
      sb.append('0');
    }
    return sb.append(Math.abs(exp)).toString();
  }
}
