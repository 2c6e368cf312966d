package io.thanosj.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.storage.MemoryQueryable;
import io.thanosj.promql.storage.Queryable;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.StringValue;
import io.thanosj.promql.value.VectorValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the test scripts cannot express: result shapes, limits, errors, hints and warnings. */
class EngineTest {

  private final Engine engine = new Engine(EngineOptions.defaults().withExperimentalFunctions(true));
  private final MemoryQueryable data = new MemoryQueryable();

  @BeforeEach
  void load() {
    // temp{room="a"} = 10, 11, …, 20 at 0m, 1m, …, 10m; requests_total counts 0, 60, 120, … per minute.
    for (int i = 0; i <= 10; i++) {
      data.append(Labels.of("__name__", "temp", "room", "a"), i * 60_000L, 10 + i);
      data.append(Labels.of("__name__", "requests_total", "job", "x"), i * 60_000L, i * 60);
    }
  }

  @Test
  void instantQueryOfRangeSelectorReturnsRawSamplesInWindow() {
    MatrixValue m = (MatrixValue) engine.instantQuery(data, "temp[2m]", 300_000).value();
    assertThat(m.series()).containsExactly(new MatrixSeries(Labels.of("__name__", "temp", "room", "a"),
        new long[] {180_000, 240_000, 300_000}, new double[] {13, 14, 15}));
    MatrixValue at = (MatrixValue) engine.instantQuery(data, "temp[1m] @ 120 offset 1m", 600_000).value();
    assertThat(at.series().get(0).values()).containsExactly(10, 11);
  }

  @Test
  void instantQueryOfSubqueryReturnsAlignedInnerSteps() {
    MatrixValue m = (MatrixValue) engine.instantQuery(data, "(temp * 2)[2m:45s]", 300_000).value();
    // Inner steps are multiples of 45s within [180s, 300s]: 180, 225, 270, each looking back to the
    // newest sample (at 180s, 180s and 240s).
    assertThat(m.series().get(0).timestamps()).containsExactly(180_000, 225_000, 270_000);
    assertThat(m.series().get(0).values()).containsExactly(26, 26, 28);
    assertThat(m.series().get(0).labels()).isEqualTo(Labels.of("room", "a"));
  }

  @Test
  void scalarsAndStrings() {
    assertThat(engine.instantQuery(data, "1 + 2", 1000).value()).isEqualTo(new ScalarValue(1000, 3));
    assertThat(engine.instantQuery(data, "\"hello\"", 1000).value()).isEqualTo(new StringValue(1000, "hello"));
    MatrixValue m = (MatrixValue) engine.rangeQuery(data, "time()", 0, 120_000, 60_000).value();
    assertThat(m.series()).containsExactly(
        new MatrixSeries(Labels.EMPTY, new long[] {0, 60_000, 120_000}, new double[] {0, 60, 120}));
  }

  @Test
  void rangeQueryEvaluatesEveryStepAndSortsSeries() {
    data.append(Labels.of("__name__", "temp", "room", "0"), 0, 1);
    MatrixValue m = (MatrixValue) engine.rangeQuery(data, "temp", 0, 600_000, 120_000).value();
    assertThat(m.series()).extracting(MatrixSeries::labels)
        .containsExactly(Labels.of("__name__", "temp", "room", "0"), Labels.of("__name__", "temp", "room", "a"));
    // The sample at 0 is visible through the lookback delta up to 5m.
    assertThat(m.series().get(0).timestamps()).containsExactly(0, 120_000, 240_000);
    assertThat(m.series().get(1).values()).containsExactly(10, 12, 14, 16, 18, 20);
  }

  @Test
  void atStartAndEndReferToTheQueryRange() {
    MatrixValue start = (MatrixValue) engine.rangeQuery(data, "temp @ start()", 120_000, 240_000, 60_000).value();
    assertThat(start.series().get(0).values()).containsExactly(12, 12, 12);
    MatrixValue end = (MatrixValue) engine.rangeQuery(data, "temp @ end() - temp", 120_000, 240_000, 60_000)
        .value();
    assertThat(end.series().get(0).values()).containsExactly(2, 1, 0);
  }

  @Test
  void lookbackDeltaCanBeShortenedPerQuery() {
    VectorValue v = (VectorValue) engine.instantQuery(data, "temp", 700_000, new QueryOptions(60_000, null, null))
        .value();
    assertThat(v.samples()).isEmpty();
    VectorValue d = (VectorValue) engine.instantQuery(data, "temp", 700_000).value();
    assertThat(d.samples()).hasSize(1);
  }

  @Test
  void rangeQueryValidation() {
    assertThatThrownBy(() -> engine.rangeQuery(data, "temp[5m]", 0, 60_000, 1000))
        .isInstanceOf(PromqlException.class)
        .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo(ErrorType.BAD_DATA);
    assertThatThrownBy(() -> engine.rangeQuery(data, "temp", 0, 60_000, 0))
        .hasMessageContaining("zero or negative query resolution step widths are not accepted");
    assertThatThrownBy(() -> engine.rangeQuery(data, "temp", 60_000, 0, 1000))
        .hasMessageContaining("end timestamp must not be before start time");
    Engine.checkRangeResolution(0, 11_000_000, 1000);
    assertThatThrownBy(() -> Engine.checkRangeResolution(0, 11_001_000, 1000))
        .hasMessage("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
            + "resolution (?step=XX)");
  }

  @Test
  void maxSamplesIsEnforcedWithPrometheusError() {
    Engine small = new Engine(EngineOptions.defaults().withMaxSamples(5));
    assertThatThrownBy(() -> small.rangeQuery(data, "temp", 0, 600_000, 60_000))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query processing would load too many samples into memory in query execution")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo(ErrorType.EXECUTION);
    assertThat(small.instantQuery(data, "temp", 600_000).peakSamples()).isEqualTo(1);
  }

  @Test
  void timeoutAndCancellation() {
    Queryable slow = (hints, matchers) -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return data.select(hints, matchers);
    };
    Engine quick = new Engine(EngineOptions.defaults().withTimeout(Duration.ofMillis(100)));
    assertThatThrownBy(() -> quick.instantQuery(slow, "temp + temp", 600_000))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query timed out in expression evaluation")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo(ErrorType.TIMEOUT);
    QueryCancel cancel = new QueryCancel();
    cancel.cancel();
    assertThatThrownBy(() -> engine.instantQuery(data, "temp", 600_000, QueryOptions.withCancel(cancel)))
        .hasMessage("query was canceled in expression evaluation")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo(ErrorType.CANCELED);
  }

  @Test
  void storageFailuresAreInternalErrors() {
    Queryable broken = (hints, matchers) -> {
      throw new IllegalStateException("disk on fire");
    };
    assertThatThrownBy(() -> engine.instantQuery(broken, "temp", 0))
        .isInstanceOf(PromqlException.class)
        .hasMessage("expanding series: disk on fire")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo(ErrorType.INTERNAL);
  }

  @Test
  void passesPrometheusSelectHints() {
    List<SelectHints> seen = new ArrayList<>();
    Queryable recording = new Queryable() {
      @Override
      public SeriesSet select(SelectHints hints, List<Matcher> matchers) {
        seen.add(hints);
        return data.select(hints, matchers);
      }
    };
    engine.rangeQuery(recording, "sum by (job) (rate(requests_total[5m] offset 1m))", 600_000, 900_000, 30_000);
    assertThat(seen).containsExactly(
        new SelectHints(600_000 - 60_000 - 300_000, 900_000 - 60_000, 30_000, "rate", 300_000, List.of(), false));
    seen.clear();
    engine.instantQuery(recording, "max by (room) (temp) + max_over_time(temp[10m:1m])", 600_000);
    assertThat(seen).containsExactly(
        new SelectHints(300_000, 600_000, 0, "max", 0, List.of("room"), true),
        new SelectHints(600_000 - 600_000 - 300_000, 600_000, 60_000, "max_over_time", 0, List.of(), false));
  }

  @Test
  void annotationsBecomeWarningsWithPositions() {
    QueryResult r = engine.instantQuery(data, "rate(temp[5m]) + quantile(2, temp)", 600_000);
    assertThat(r.warnings()).containsExactlyInAnyOrder(
        "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temp\" (1:6)",
        "PromQL warning: quantile value should be between 0 and 1, got 2 (1:27)");
  }

  @Test
  void deeplyNestedExpressionsStillEvaluate() {
    String q = "1" + " + 1".repeat(20_000);
    assertThat(((ScalarValue) engine.instantQuery(data, q, 0).value()).value()).isEqualTo(20_001);
    String parens = "(".repeat(3000) + "temp" + ")".repeat(3000);
    assertThat(((VectorValue) engine.instantQuery(data, parens, 0).value()).samples()).hasSize(1);
  }

  @Test
  void nativeHistogramsAreRefusedNotGuessed() {
    Queryable withHistogram = (hints, matchers) -> {
      throw new PromqlException(ErrorType.EXECUTION, "native histograms are not supported yet");
    };
    assertThatThrownBy(() -> engine.instantQuery(withHistogram, "histogram_count(h)", 0))
        .hasMessage("native histograms are not supported yet");
  }
}
