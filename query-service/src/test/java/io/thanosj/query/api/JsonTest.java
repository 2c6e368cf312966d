package io.thanosj.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected strings are what Prometheus' API writes (captured from Prometheus 2.42 and Go's encoders). */
class JsonTest {

  private static String value(double v) {
    return new Json().sampleValue(v).toString();
  }

  @Test
  void sampleValuesUseGosShortestFormsWithItsExponentThresholds() {
    assertThat(value(21.25)).isEqualTo("\"21.25\"");
    assertThat(value(0)).isEqualTo("\"0\"");
    assertThat(value(-0.0)).isEqualTo("\"-0\"");
    assertThat(value(1e21)).isEqualTo("\"1e+21\"");
    assertThat(value(2.125e22)).isEqualTo("\"2.125e+22\"");
    assertThat(value(9.99e20)).isEqualTo("\"999000000000000000000\"");
    assertThat(value(1e-6)).isEqualTo("\"0.000001\"");
    assertThat(value(1e-7)).isEqualTo("\"1e-07\"");
    assertThat(value(2.1250000000000002e-08)).isEqualTo("\"2.1250000000000002e-08\"");
    assertThat(value(0.1 + 0.2)).isEqualTo("\"0.30000000000000004\"");
    assertThat(value(1.0 / 3)).isEqualTo("\"0.3333333333333333\"");
    assertThat(value(123456789.123)).isEqualTo("\"123456789.123\"");
    // JDK 17's Double.toString prints 2.0E-3 style or extra digits for some values; Go's shortest does not.
    assertThat(value(2e-3)).isEqualTo("\"0.002\"");
    assertThat(value(1.0E23)).isEqualTo("\"1e+23\"");
    assertThat(value(5e-324)).isEqualTo("\"5e-324\"");
    assertThat(value(Double.MAX_VALUE)).isEqualTo("\"1.7976931348623157e+308\"");
    assertThat(value(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(value(Double.POSITIVE_INFINITY)).isEqualTo("\"+Inf\"");
    assertThat(value(Double.NEGATIVE_INFINITY)).isEqualTo("\"-Inf\"");
  }

  @Test
  void sampleTimestampsAreSecondsWithThreeMillisecondDigits() {
    assertThat(new Json().timestamp(1_700_000_046_000L).toString()).isEqualTo("1700000046");
    assertThat(new Json().timestamp(1_700_000_100_500L).toString()).isEqualTo("1700000100.500");
    assertThat(new Json().timestamp(1_700_000_030_123L).toString()).isEqualTo("1700000030.123");
    assertThat(new Json().timestamp(1_700_000_030_005L).toString()).isEqualTo("1700000030.005");
    assertThat(new Json().timestamp(-1500).toString()).isEqualTo("-1.500");
    assertThat(new Json().timestamp(0).toString()).isEqualTo("0");
  }

  @Test
  void scalarTimestampsAreGoFloats() {
    assertThat(new Json().goFloat(1_700_000_100_500L / 1000.0).toString()).isEqualTo("1700000100.5");
    assertThat(new Json().goFloat(4).toString()).isEqualTo("4");
    assertThat(new Json().goFloat(1e-7).toString()).isEqualTo("1e-7");
  }

  @Test
  void stringsAreEscapedLikeGosEncoder() {
    assertThat(new Json().string("a\"b\\c").toString()).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(new Json().string("<script>&").toString()).isEqualTo("\"\\u003cscript\\u003e\\u0026\"");
    assertThat(new Json().string("l1\nl2\tx\r").toString()).isEqualTo("\"l1\\nl2\\tx\\r\"");
    assertThat(new Json().string("\u0001\u001f").toString()).isEqualTo("\"\\u0001\\u001f\"");
    assertThat(new Json().string("\u2028\u2029").toString()).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(new Json().string("grüße 日本 \u007f").toString()).isEqualTo("\"grüße 日本 \u007f\"");
    // Written as UTF-8 bytes: escapes between non-ASCII runs, supplementary characters whole.
    Json mixed = new Json().string("ä\"𝄞<é\n").raw(',').raw("ö");
    assertThat(mixed.bytes()).isEqualTo("\"ä\\\"𝄞\\u003cé\\n\",ö".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void labelSetsAreObjectsInLabelOrder() {
    assertThat(new Json().labels(Labels.of("job", "api", "__name__", "up", "Z", "<")).toString())
        .isEqualTo("{\"Z\":\"\\u003c\",\"__name__\":\"up\",\"job\":\"api\"}");
    assertThat(new Json().labels(Labels.EMPTY).toString()).isEqualTo("{}");
  }
}
