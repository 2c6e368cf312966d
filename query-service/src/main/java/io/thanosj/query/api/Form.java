package io.thanosj.query.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters with Go's {@code http.Request} semantics, which Prometheus relies on: the
 * form body of a POST and the query string are merged, body values first, so {@link #value} (Go's
 * FormValue) prefers the body while {@link #values} (Go's {@code r.Form[name]}) holds both.
 */
final class Form {

  private final Map<String, List<String>> values = new HashMap<>();

  Form(HttpServletRequest request) {
    Map<String, Integer> inQuery = new HashMap<>();
    String qs = request.getQueryString();
    if (qs != null && !qs.isEmpty()) {
      for (String pair : qs.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        inQuery.merge(name, 1, Integer::sum);
      }
    }
    // The servlet container lists query-string values before body values (Servlet spec 3.1.1).
    for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
      String[] all = e.getValue();
      int q = Math.min(inQuery.getOrDefault(e.getKey(), 0), all.length);
      List<String> ordered = new ArrayList<>(all.length);
      for (int i = q; i < all.length; i++) {
        ordered.add(all[i]);
      }
      for (int i = 0; i < q; i++) {
        ordered.add(all[i]);
      }
      values.put(e.getKey(), ordered);
    }
  }

  Form(Map<String, List<String>> values) {
    this.values.putAll(values);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** The first value, or "" (Go's FormValue). */
  String value(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  List<String> values(String name) {
    return values.getOrDefault(name, List.of());
  }
}
