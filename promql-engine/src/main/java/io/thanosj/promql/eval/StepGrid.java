package io.thanosj.promql.eval;

/**
 * The evaluation timestamps start, start+step, …, ≤ end (ms). A single evaluation has start = end;
 * its step is 0 for an instant query (what Prometheus passes to storage as the hint) or the
 * enclosing subquery's step.
 */
public record StepGrid(long start, long end, long step) {

  public StepGrid {
    if (step < 0 || end < start || (step == 0 && end != start)) {
      throw new IllegalArgumentException("invalid step grid " + start + ".." + end + " step " + step);
    }
  }

  public static StepGrid instant(long t) {
    return new StepGrid(t, t, 0);
  }

  public int size() {
    return step == 0 ? 1 : (int) ((end - start) / step) + 1;
  }

  public long ts(int k) {
    return start + k * step;
  }

  public boolean isInstant() {
    return start == end;
  }
}
