package io.thanosj.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two answers of the Prometheus query API ({@code /api/v1/query} or {@code query_range}):
 * one from a real Prometheus, one from our query service. Series are matched by their label sets,
 * timestamps must be equal and values equal up to a relative 1e-9 (NaN and ±Inf exactly); errors
 * agree when their {@code errorType} does.
 */
public final class PrometheusAnswers {

  private PrometheusAnswers() {}

  /** True when the answer is a success with a non-empty result. */
  public static boolean hasData(JsonNode answer) {
    JsonNode r = answer.path("data").path("result");
    return r.isArray() ? !r.isEmpty() : !r.isMissingNode();
  }

  /**
   * Null when the answers agree, else what differs. With {@code valuesOnly} (topk/bottomk, whose
   * tie-breaking differs between Prometheus versions) series are matched by their values alone.
   */
  public static String difference(JsonNode theirs, JsonNode ours, boolean valuesOnly) {
    return difference(theirs, ours, valuesOnly, Set.of());
  }

  /**
   * As {@link #difference(JsonNode, JsonNode, boolean)}, ignoring the labels in {@code ignoredLabels}
   * on our series: the external labels a querier adds and Prometheus' own API does not show.
   */
  public static String difference(JsonNode theirs, JsonNode ours, boolean valuesOnly, Set<String> ignoredLabels) {
    String ts = theirs.path("status").asText();
    String os = ours.path("status").asText();
    if (!ts.equals(os)) {
      return "status " + os + " (" + ours.path("error").asText() + "), Prometheus " + ts + " (" + theirs.path("error").asText() + ")";
    }
    if ("error".equals(ts)) {
      return theirs.path("errorType").asText().equals(ours.path("errorType").asText()) ? null
          : "errorType " + ours.path("errorType") + ", Prometheus " + theirs.path("errorType");
    }
    JsonNode td = theirs.path("data");
    JsonNode od = ours.path("data");
    if (!td.path("resultType").asText().equals(od.path("resultType").asText())) {
      return "resultType " + od.path("resultType") + ", Prometheus " + td.path("resultType");
    }
    String type = td.path("resultType").asText();
    if (type.equals("scalar") || type.equals("string")) {
      return samePoint(td.path("result"), od.path("result")) ? null : "result " + od.path("result") + ", Prometheus " + td.path("result");
    }
    Map<String, List<JsonNode>> t = bySeries(td.path("result"), type, valuesOnly, Set.of());
    Map<String, List<JsonNode>> o = bySeries(od.path("result"), type, valuesOnly, ignoredLabels);
    if (!t.keySet().equals(o.keySet())) {
      return "series " + o.keySet() + ", Prometheus " + t.keySet();
    }
    for (Map.Entry<String, List<JsonNode>> e : t.entrySet()) {
      List<JsonNode> a = e.getValue();
      List<JsonNode> b = o.get(e.getKey());
      if (a.size() != b.size()) {
        return e.getKey() + ": " + b.size() + " points, Prometheus " + a.size();
      }
      for (int i = 0; i < a.size(); i++) {
        if (!samePoint(a.get(i), b.get(i))) {
          return e.getKey() + ": point " + b.get(i) + ", Prometheus " + a.get(i);
        }
      }
    }
    return null;
  }

  /** Series keyed by their labels (or, with valuesOnly, by rank among the sorted value lists). */
  private static Map<String, List<JsonNode>> bySeries(JsonNode result, String type, boolean valuesOnly, Set<String> ignoredLabels) {
    Map<String, List<JsonNode>> out = new TreeMap<>();
    List<List<JsonNode>> anonymous = new ArrayList<>();
    for (JsonNode s : result) {
      List<JsonNode> points = new ArrayList<>();
      if (type.equals("vector")) {
        points.add(s.path("value"));
      } else {
        s.path("values").forEach(points::add);
      }
      if (valuesOnly) {
        anonymous.add(points);
      } else {
        out.put(labels(s.path("metric"), ignoredLabels).toString(), points);
      }
    }
    if (valuesOnly) {
      anonymous.sort((x, y) -> x.toString().compareTo(y.toString()));
      for (int i = 0; i < anonymous.size(); i++) {
        out.put("#" + i, anonymous.get(i));
      }
    }
    return out;
  }

  private static Map<String, String> labels(JsonNode metric, Set<String> ignored) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ignored.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static boolean samePoint(JsonNode a, JsonNode b) {
    if (a.size() != 2 || b.size() != 2 || a.get(0).asDouble() != b.get(0).asDouble()) {
      return false;
    }
    return sameValue(a.get(1).asText(), b.get(1).asText());
  }

  private static boolean sameValue(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    double x;
    double y;
    try {
      x = parse(a);
      y = parse(b);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
      return Double.compare(x, y) == 0;
    }
    double scale = Math.max(Math.abs(x), Math.abs(y));
    return Math.abs(x - y) <= 1e-9 * Math.max(scale, 1e-300) || scale == 0;
  }

  private static double parse(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
