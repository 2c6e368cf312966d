package io.thanosj.query.api;

import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.Sample;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.StringValue;
import io.thanosj.promql.value.Value;
import io.thanosj.promql.value.VectorValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Prometheus' response envelope and result shapes, written with {@link Json}. */
final class ResultJson {

  /** Prometheus lists at most this many warnings and then says how many more there were. */
  static final int MAX_WARNINGS = 10;

  private ResultJson() {}

  interface DataWriter {
    void write(Json j);
  }

  /** {@code {"status":"success","data":…,"warnings":[…]}}; data left out when null. */
  static byte[] success(DataWriter data, List<String> warnings) {
    Json j = new Json().raw("{\"status\":\"success\"");
    if (data != null) {
      j.raw(",\"data\":");
      data.write(j);
    }
    List<String> w = warnings(warnings);
    if (!w.isEmpty()) {
      j.raw(",\"warnings\":").stringArray(w);
    }
    return j.raw('}').bytes();
  }

  static byte[] error(ErrorType type, String message) {
    return new Json().raw("{\"status\":\"error\",\"errorType\":").string(type.text)
        .raw(",\"error\":").string(message).raw('}').bytes();
  }

  /** Distinct warnings (Prometheus keeps them in a set), at most ten plus a note of the rest. */
  static List<String> warnings(List<String> all) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(all));
    if (distinct.size() <= MAX_WARNINGS) {
      return distinct;
    }
    List<String> out = new ArrayList<>(distinct.subList(0, MAX_WARNINGS));
    out.add((distinct.size() - MAX_WARNINGS) + " more annotations omitted");
    return out;
  }

  /** QueryData: {@code {"resultType":…,"result":…}}. */
  static void queryData(Json j, Value v) {
    j.raw("{\"resultType\":").string(v.type().text()).raw(",\"result\":");
    if (v instanceof VectorValue vec) {
      vector(j, vec);
    } else if (v instanceof MatrixValue m) {
      matrix(j, m);
    } else if (v instanceof ScalarValue s) {
      // Scalars are always written in 'f' form, unlike sample values.
      j.raw('[').goFloat(s.timestampMs() / 1000.0).raw(',').string(GoFloats.formatF(s.value())).raw(']');
    } else if (v instanceof StringValue s) {
      j.raw('[').goFloat(s.timestampMs() / 1000.0).raw(',').string(s.value()).raw(']');
    }
    j.raw('}');
  }

  private static void vector(Json j, VectorValue v) {
    j.raw('[');
    List<Sample> samples = v.samples();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (i > 0) {
        j.raw(',');
      }
      j.raw("{\"metric\":").labels(s.labels()).raw(",\"value\":[").timestamp(s.timestampMs()).raw(',')
          .sampleValue(s.value()).raw("]}");
    }
    j.raw(']');
  }

  private static void matrix(Json j, MatrixValue m) {
    j.raw('[');
    List<MatrixSeries> series = m.series();
    for (int i = 0; i < series.size(); i++) {
      MatrixSeries s = series.get(i);
      if (i > 0) {
        j.raw(',');
      }
      j.raw("{\"metric\":").labels(s.labels()).raw(",\"values\":[");
      long[] ts = s.timestamps();
      double[] vs = s.values();
      for (int k = 0; k < ts.length; k++) {
        if (k > 0) {
          j.raw(',');
        }
        j.raw('[').timestamp(ts[k]).raw(',').sampleValue(vs[k]).raw(']');
      }
      j.raw("]}");
    }
    j.raw(']');
  }
}
