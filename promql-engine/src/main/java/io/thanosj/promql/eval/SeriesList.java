package io.thanosj.promql.eval;

import java.util.ArrayList;
import java.util.List;

/** An instant-vector expression's value over a step grid. */
final class SeriesList implements EvalValue {

  final List<StepSeries> series;

  SeriesList(List<StepSeries> series) {
    this.series = series;
  }

  static SeriesList empty() {
    return new SeriesList(new ArrayList<>());
  }

  long points() {
    long n = 0;
    for (StepSeries s : series) {
      n += s.count();
    }
    return n;
  }
}
