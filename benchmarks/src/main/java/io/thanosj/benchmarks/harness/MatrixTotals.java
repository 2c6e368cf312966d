package io.thanosj.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The point count and value sum of a range-query answer (non-finite values count as 0): a cheap
 * check that two engines returned the same numbers when their labels may legitimately differ.
 */
public record MatrixTotals(long points, double sum) {

  /** The totals of a Prometheus API matrix ({@code data.result} of {@code /api/v1/query_range}). */
  public static MatrixTotals of(JsonNode result) {
    long points = 0;
    double sum = 0;
    for (JsonNode s : result) {
      for (JsonNode p : s.get("values")) {
        double v = p.get(1).asDouble();
        sum += Double.isFinite(v) ? v : 0;
        points++;
      }
    }
    return new MatrixTotals(points, sum);
  }

  /** What differs from {@code other}, or "" when the points agree and the sums within {@code relTolerance}. */
  public String differenceFrom(MatrixTotals other, double relTolerance) {
    if (points != other.points) {
      return "points " + points + " vs " + other.points;
    }
    if (Math.abs(sum - other.sum) > relTolerance * Math.max(1, Math.abs(sum))) {
      return "value sum " + sum + " vs " + other.sum;
    }
    return "";
  }
}
