package io.thanosj.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void timesAreFloatSecondsRoundedToMilliseconds() {
    assertThat(Params.parseTime("1700000000")).isEqualTo(1_700_000_000_000L);
    assertThat(Params.parseTime("1700000000.123")).isEqualTo(1_700_000_000_123L);
    assertThat(Params.parseTime("1700000000.1234")).isEqualTo(1_700_000_000_123L);
    assertThat(Params.parseTime("1700000000.1235")).isEqualTo(1_700_000_000_124L);
    assertThat(Params.parseTime("1.5e3")).isEqualTo(1_500_000L);
    assertThat(Params.parseTime("-1.5")).isEqualTo(-1500L);
    assertThat(Params.parseTime("0")).isZero();
    // Grafana sends milliseconds; Prometheus reads them as seconds (a time far in the future).
    assertThat(Params.parseTime("1700000000000")).isEqualTo(1_700_000_000_000_000L);
  }

  @Test
  void timesMayBeRfc3339() {
    assertThat(Params.parseTime("2023-11-14T22:13:20Z")).isEqualTo(1_700_000_000_000L);
    assertThat(Params.parseTime("2023-11-14T22:13:20.123456Z")).isEqualTo(1_700_000_000_123L);
    assertThat(Params.parseTime("2023-11-15T00:13:20+02:00")).isEqualTo(1_700_000_000_000L);
    assertThat(Params.parseTime("1969-12-31T23:59:59.5Z")).isEqualTo(-500L);
    assertThat(Params.parseTime("-292273086-05-16T16:47:06Z")).isEqualTo(Params.MIN_TIME);
    assertThat(Params.parseTime("292277025-08-18T07:12:54.999999999Z")).isEqualTo(Params.MAX_TIME);
  }

  @Test
  void badTimesGetPrometheusMessages() {
    assertThatThrownBy(() -> Params.parseTime("abc")).hasMessage("cannot parse \"abc\" to a valid timestamp");
    assertThatThrownBy(() -> Params.parseTime("2023-13-01T00:00:00Z")).hasMessage("cannot parse \"2023-13-01T00:00:00Z\" to a valid timestamp");
    assertThatThrownBy(() -> Params.parseTime("2023-02-30T00:00:00Z")).hasMessageContaining("cannot parse");
    assertThatThrownBy(() -> Params.parseTime("")).hasMessage("cannot parse \"\" to a valid timestamp");
    Form form = new Form(Map.of("time", List.of("x")));
    assertThatThrownBy(() -> Params.timeParam(form, "time", 0))
        .hasMessage("invalid parameter \"time\": Invalid time value for 'time': cannot parse \"x\" to a valid timestamp");
  }

  @Test
  void durationsAreFloatSecondsOrPrometheusDurations() {
    assertThat(Params.parseDurationNanos("15")).isEqualTo(15_000_000_000L);
    assertThat(Params.parseDurationNanos("0.5")).isEqualTo(500_000_000L);
    assertThat(Params.parseDurationNanos("1m30s")).isEqualTo(90_000_000_000L);
    assertThat(Params.parseDurationNanos("1h")).isEqualTo(3_600_000_000_000L);
    assertThatThrownBy(() -> Params.parseDurationNanos("1ns")).hasMessage("cannot parse \"1ns\" to a valid duration");
    assertThatThrownBy(() -> Params.parseDurationNanos("1e20"))
        .hasMessage("cannot parse \"1e20\" to a valid duration. It overflows int64");
  }

  @Test
  void booleansFollowGosParseBool() {
    assertThat(Params.parseBool("true")).isTrue();
    assertThat(Params.parseBool("1")).isTrue();
    assertThat(Params.parseBool("F")).isFalse();
    assertThatThrownBy(() -> Params.thanosBool(new Form(Map.of("dedup", List.of("yes"))), "dedup", true))
        .hasMessage("'dedup' parameter: strconv.ParseBool: parsing \"yes\": invalid syntax");
  }

  @Test
  void limitsArePositiveIntegers() {
    assertThat(Params.limit(new Form(Map.of()))).isEqualTo(Long.MAX_VALUE);
    assertThat(Params.limit(new Form(Map.of("limit", List.of("40000"))))).isEqualTo(40000);
    assertThatThrownBy(() -> Params.limit(new Form(Map.of("limit", List.of("0")))))
        .hasMessage("invalid parameter \"limit\": limit must be positive");
    assertThatThrownBy(() -> Params.limit(new Form(Map.of("limit", List.of("x")))))
        .hasMessage("invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax");
  }

  @Test
  void matchersNeedOneNonEmptyMatcher() {
    assertThat(Params.matchers(List.of("up", "{job=\"x\"}"))).hasSize(2);
    assertThatThrownBy(() -> Params.matchers(List.of("{job=~\".*\"}")))
        .hasMessage("match[] must contain at least one non-empty matcher");
    assertThatThrownBy(() -> Params.matchers(List.of("up{")))
        .isInstanceOf(ApiException.class).hasMessageContaining("parse error");
  }

  @Test
  void goRoundIsHalfAwayFromZero() {
    assertThat(Params.goRound(0.5)).isEqualTo(1);
    assertThat(Params.goRound(-0.5)).isEqualTo(-1);
    assertThat(Params.goRound(0.49999999999999994)).isEqualTo(0);
    assertThat(Params.goRound(2.5)).isEqualTo(3);
  }
}
