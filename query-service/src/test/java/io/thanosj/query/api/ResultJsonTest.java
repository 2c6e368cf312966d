package io.thanosj.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.Sample;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.StringValue;
import io.thanosj.promql.value.Value;
import io.thanosj.promql.value.VectorValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes as captured from Prometheus (prometheus-formats §9.4). */
class ResultJsonTest {

  private static String data(Value v) {
    return new String(ResultJson.success(j -> ResultJson.queryData(j, v), List.of()), StandardCharsets.UTF_8);
  }

  @Test
  void vector() {
    assertThat(data(new VectorValue(List.of(new Sample(Labels.of("__name__", "temp", "room", "a"), 1_700_000_046_000L, 21.25)))))
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"temp\",\"room\":\"a\"},\"value\":[1700000046,\"21.25\"]}]}}");
    assertThat(data(new VectorValue(List.of())))
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
  }

  @Test
  void matrix() {
    MatrixSeries s = new MatrixSeries(Labels.of("__name__", "temp"), new long[] {1_700_000_000_000L, 1_700_000_015_000L}, new double[] {20.5, 20.75});
    assertThat(data(new MatrixValue(List.of(s))))
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"temp\"},\"values\":[[1700000000,\"20.5\"],[1700000015,\"20.75\"]]}]}}");
  }

  @Test
  void scalarAndString() {
    assertThat(data(new ScalarValue(1_700_000_100_500L, 1e21)))
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000100.5,\"1000000000000000000000\"]}}");
    assertThat(data(new StringValue(1_700_000_100_250L, "hello")))
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000100.25,\"hello\"]}}");
  }

  @Test
  void errorsAndWarnings() {
    assertThat(new String(ResultJson.error(ErrorType.BAD_DATA, "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"), StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}");
    assertThat(new String(ResultJson.success(j -> j.raw("[]"), List.of("w1", "w1", "w2")), StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":\"success\",\"data\":[],\"warnings\":[\"w1\",\"w2\"]}");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      many.add("w" + i);
    }
    assertThat(ResultJson.warnings(many)).hasSize(11).last().isEqualTo("3 more annotations omitted");
  }
}
