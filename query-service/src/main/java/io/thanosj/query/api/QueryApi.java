package io.thanosj.query.api;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.engine.QueryCancel;
import io.thanosj.promql.engine.QueryOptions;
import io.thanosj.promql.engine.QueryResult;
import io.thanosj.promql.parser.ParseException;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.query.endpoint.EndpointSet;
import io.thanosj.query.endpoint.EndpointStatus;
import io.thanosj.query.storage.QueryScope;
import io.thanosj.query.storage.StoreQueryable;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.PartialResponseStrategy;
import io.thanosj.storeapi.proxy.ProxyEndpoint;
import io.thanosj.storeapi.proxy.ProxyStore;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus' HTTP API v1 over the StoreAPI endpoints, byte-compatible with Prometheus 2.53 for the
 * routes Grafana and PromQL clients use, plus Thanos' additions: the {@code dedup},
 * {@code partial_response}, {@code replicaLabels[]}, {@code max_source_resolution},
 * {@code storeMatch[]} and {@code engine} parameters, and {@code /api/v1/stores}.
 */
@RestController
public class QueryApi {

  private static final Logger log = LoggerFactory.getLogger(QueryApi.class);

  private final Engine engine;
  private final Supplier<List<ProxyEndpoint>> endpoints;
  private final Supplier<List<EndpointStatus>> statuses;
  private final ApiSettings settings;
  private final QueryGate gate;
  private final Clock clock = Clock.systemUTC();
  // Label calls to endpoints run here in parallel; the scheduler fires query deadlines.
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon("query-fanout"));
  private final ScheduledExecutorService deadlines = Executors.newScheduledThreadPool(1, daemon("query-deadline"));

  public QueryApi(Engine engine, EndpointSet endpointSet, ApiSettings settings, QueryGate gate) {
    this.engine = engine;
    this.endpoints = endpointSet::endpoints;
    this.statuses = endpointSet::statuses;
    this.settings = settings;
    this.gate = gate;
  }

  @PreDestroy
  void shutdown() {
    executor.shutdownNow();
    deadlines.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- queries

  @RequestMapping(path = "/api/v1/query", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> query(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      long ts = Params.timeParam(form, "time", clock.millis());
      long timeoutNanos = timeout(form);
      QueryOptionsAndScope o = queryOptions(form, 0);
      String query = form.value("query");
      QueryResult r = run(timeoutNanos, o, (queryable, opts) -> engine.instantQuery(queryable, query, ts, opts));
      return ResultJson.success(j -> ResultJson.queryData(j, r.value()), r.warnings());
    });
  }

  @RequestMapping(path = "/api/v1/query_range", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> queryRange(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      long start = Params.requiredTime(form, "start");
      long end = Params.requiredTime(form, "end");
      if (end < start) {
        throw ApiException.invalidParam("end", "end timestamp must not be before start time");
      }
      long stepNanos = Params.durationParam(form, "step");
      if (stepNanos <= 0) {
        throw ApiException.invalidParam("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
      }
      if (rangeNanos(start, end) / stepNanos > Engine.MAX_POINTS_PER_SERIES) {
        throw ApiException.badData(
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
      }
      long timeoutNanos = timeout(form);
      long stepMs = Math.max(1, stepNanos / 1_000_000);
      QueryOptionsAndScope o = queryOptions(form, stepMs);
      String query = form.value("query");
      QueryResult r = run(timeoutNanos, o, (queryable, opts) -> engine.rangeQuery(queryable, query, start, end, stepMs, opts));
      return ResultJson.success(j -> ResultJson.queryData(j, r.value()), r.warnings());
    });
  }

  /** Go's time.Sub in nanoseconds, saturating instead of overflowing. */
  private static long rangeNanos(long startMs, long endMs) {
    try {
      return Math.multiplyExact(Math.subtractExact(endMs, startMs), 1_000_000L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private long timeout(Form form) {
    long max = settings.timeout().toNanos();
    String to = form.value("timeout");
    if (to.isEmpty()) {
      return max;
    }
    long t = Params.durationParam(form, "timeout");
    return Math.min(max, t);
  }

  private record QueryOptionsAndScope(QueryScope scope, long lookbackMs, List<List<Matcher>> storeMatchers) {}

  private QueryOptionsAndScope queryOptions(Form form, long stepMs) {
    long lookbackMs = 0;
    String lb = form.value("lookback_delta");
    if (!lb.isEmpty()) {
      try {
        lookbackMs = Params.parseDurationNanos(lb) / 1_000_000;
      } catch (IllegalArgumentException e) {
        throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
      }
    }
    String engineParam = form.value("engine");
    if (!engineParam.isEmpty() && !engineParam.equals("prometheus")) {
      throw ApiException.badData(engineParam.equals("thanos")
          ? "'thanos' engine is not available in ThanosJ; use engine=prometheus"
          : "'" + engineParam + "' bad engine");
    }
    return new QueryOptionsAndScope(scope(form, maxSourceResolution(form, stepMs / 5)), lookbackMs, storeMatchers(form));
  }

  private QueryScope scope(Form form, long maxResolutionMillis) {
    boolean dedup = Params.thanosBool(form, "dedup", true);
    boolean partial = Params.thanosBool(form, "partial_response", settings.partialResponse());
    List<String> replicaLabels = form.values("replicaLabels[]").isEmpty() ? settings.replicaLabels() : form.values("replicaLabels[]");
    return new QueryScope(dedup, replicaLabels, settings.dedupFunction(), partial, maxResolutionMillis);
  }

  /** Thanos' max_source_resolution: a duration, or "auto" (step/5); auto by default with --query.auto-downsampling. */
  private long maxSourceResolution(Form form, long autoMillis) {
    String v = form.value("max_source_resolution");
    long res = 0;
    if (settings.autoDownsampling() || v.equals("auto")) {
      res = autoMillis;
    }
    if (!v.isEmpty() && !v.equals("auto")) {
      try {
        res = Params.parseDurationNanos(v) / 1_000_000;
      } catch (IllegalArgumentException e) {
        throw ApiException.badData("'max_source_resolution' parameter: " + e.getMessage());
      }
    }
    if (res < 0) {
      throw ApiException.badData("negative 'max_source_resolution' is not accepted. Try a positive integer");
    }
    return res;
  }

  private List<List<Matcher>> storeMatchers(Form form) {
    List<List<Matcher>> out = new ArrayList<>();
    for (List<Matcher> set : Params.matchersNoEmptyCheck(form.values("storeMatch[]"))) {
      out.add(set);
    }
    return out;
  }

  private interface Evaluation {
    QueryResult run(StoreQueryable queryable, QueryOptions options);
  }

  /** Runs a query in its turn, with its deadline reaching the stores through the gRPC Context. */
  private QueryResult run(long timeoutNanos, QueryOptionsAndScope o, Evaluation evaluation) {
    long deadline = System.nanoTime() + timeoutNanos;
    if (!gate.enter(deadline)) {
      throw new ApiException(ErrorType.TIMEOUT, "query timed out in query queue");
    }
    try {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new ApiException(ErrorType.TIMEOUT, "query timed out in query queue");
      }
      Context.CancellableContext ctx = Context.current().withDeadlineAfter(remaining, TimeUnit.NANOSECONDS, deadlines);
      try {
        return ctx.call(() -> {
          StoreQueryable queryable = new StoreQueryable(proxy(o.storeMatchers()), o.scope());
          QueryOptions opts = new QueryOptions(o.lookbackMs(), Duration.ofNanos(remaining), new QueryCancel());
          return evaluation.run(queryable, opts);
        });
      } catch (ParseException e) {
        throw ApiException.invalidParam("query", e.getMessage());
      } catch (PromqlException e) {
        if (e.errorType() == io.thanosj.promql.engine.ErrorType.BAD_DATA && e.getMessage().startsWith("invalid expression type")) {
          throw ApiException.invalidParam("query", e.getMessage());
        }
        if (System.nanoTime() - deadline >= 0 && e.errorType() == io.thanosj.promql.engine.ErrorType.INTERNAL) {
          // A store call cut off by the query's deadline is the query timing out, not a storage fault.
          throw new ApiException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
        }
        throw new ApiException(ErrorType.of(e.errorType()), e.getMessage());
      } catch (ApiException e) {
        throw e;
      } catch (Exception e) {
        log.atError().setCause(e).log("query failed unexpectedly");
        throw new ApiException(ErrorType.INTERNAL, String.valueOf(e.getMessage()));
      } finally {
        ctx.cancel(null);
      }
    } finally {
      gate.leave();
    }
  }

  /** The fan-out for one request, limited to the endpoints storeMatch[] selects (if given). */
  private ProxyStore proxy(List<List<Matcher>> storeMatchers) {
    if (storeMatchers.isEmpty()) {
      return new ProxyStore(endpoints, executor);
    }
    return new ProxyStore(() -> {
      List<ProxyEndpoint> out = new ArrayList<>();
      for (ProxyEndpoint e : endpoints.get()) {
        Labels address = Labels.of("__address__", e.name());
        for (List<Matcher> set : storeMatchers) {
          boolean all = true;
          for (Matcher m : set) {
            all &= m.matches(address.get(m.name()));
          }
          if (all) {
            out.add(e);
            break;
          }
        }
      }
      return out;
    }, executor);
  }

  @RequestMapping(path = "/api/v1/format_query", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> formatQuery(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      Expr expr;
      try {
        expr = engine.parse(form.value("query"));
      } catch (PromqlException e) {
        throw ApiException.invalidParam("query", e.getMessage());
      }
      String pretty = expr.pretty();
      return ResultJson.success(j -> j.string(pretty), List.of());
    });
  }

  @RequestMapping(path = "/api/v1/query_exemplars", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> queryExemplars(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      long start = Params.timeParam(form, "start", Params.MIN_TIME);
      long end = Params.timeParam(form, "end", Params.MAX_TIME);
      if (end < start) {
        throw ApiException.badData("end timestamp must not be before start timestamp");
      }
      try {
        engine.parse(form.value("query"));
      } catch (PromqlException e) {
        throw ApiException.badData(e.getMessage());
      }
      // No endpoint serves exemplars to this querier yet: the answer is Prometheus' empty one.
      return ResultJson.success(j -> j.raw("[]"), List.of());
    });
  }

  // ---------------------------------------------------------------- metadata

  @RequestMapping(path = "/api/v1/series", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> series(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      List<String> match = form.values("match[]");
      if (match.isEmpty()) {
        throw ApiException.badData("no match[] parameter provided");
      }
      long limit = Params.limit(form);
      long start = Params.timeParam(form, "start", Params.MIN_TIME);
      long end = Params.timeParam(form, "end", Params.MAX_TIME);
      List<List<Matcher>> sets;
      try {
        sets = Params.matchers(match);
      } catch (ApiException e) {
        throw ApiException.invalidParam("match[]", e.getMessage());
      }
      QueryScope scope = scope(form, 0);
      StoreQueryable queryable = new StoreQueryable(proxy(storeMatchers(form)), scope);
      TreeSet<Labels> all = new TreeSet<>(Labels::compare);
      List<String> warnings = new ArrayList<>();
      try {
        for (List<Matcher> set : sets) {
          try (SeriesSet s = queryable.select(new SelectHints(start, end, 0, "series", 0, List.of(), false), set)) {
            while (s.next()) {
              all.add(s.at().labels());
            }
            warnings.addAll(s.warnings());
          }
        }
      } catch (StatusRuntimeException e) {
        throw new ApiException(ErrorType.EXECUTION, describe(e));
      }
      List<Labels> out = new ArrayList<>(all);
      if (out.size() > limit) {
        out = out.subList(0, (int) limit);
        warnings.add("results truncated due to limit");
      }
      List<Labels> result = out;
      return ResultJson.success(j -> {
        j.raw('[');
        for (int i = 0; i < result.size(); i++) {
          if (i > 0) {
            j.raw(',');
          }
          j.labels(result.get(i));
        }
        j.raw(']');
      }, warnings);
    });
  }

  @RequestMapping(path = "/api/v1/labels", method = {RequestMethod.GET, RequestMethod.POST})
  public ResponseEntity<byte[]> labels(HttpServletRequest request) {
    return respond(() -> {
      LabelLookup lookup = labelLookup(new Form(request));
      List<String> warnings = new ArrayList<>();
      List<String> names = lookup.collect(warnings, (matchers, out) -> {
        LabelNamesRequest.Builder req = LabelNamesRequest.newBuilder().setStart(lookup.start()).setEnd(lookup.end())
            .addAllMatchers(matchers).setPartialResponseStrategy(strategy(lookup.scope()));
        if (lookup.scope().deduplicates()) {
          req.addAllWithoutReplicaLabels(lookup.scope().replicaLabels());
        }
        LabelNamesResponse r = lookup.proxy().labelNames(req.build());
        out.addAll(r.getNamesList());
        return r.getWarningsList();
      });
      return ResultJson.success(j -> j.stringArray(names), warnings);
    });
  }

  @RequestMapping(path = "/api/v1/label/{name}/values", method = RequestMethod.GET)
  public ResponseEntity<byte[]> labelValues(@PathVariable("name") String name, HttpServletRequest request) {
    return respond(() -> {
      if (!Params.isLabelName(name)) {
        throw ApiException.badData("invalid label name: " + io.thanosj.promql.format.GoStrings.quote(name));
      }
      LabelLookup lookup = labelLookup(new Form(request));
      List<String> warnings = new ArrayList<>();
      List<String> values = lookup.collect(warnings, (matchers, out) -> {
        LabelValuesRequest.Builder req = LabelValuesRequest.newBuilder().setLabel(name)
            .setStart(lookup.start()).setEnd(lookup.end())
            .addAllMatchers(matchers).setPartialResponseStrategy(strategy(lookup.scope()));
        if (lookup.scope().deduplicates()) {
          req.addAllWithoutReplicaLabels(lookup.scope().replicaLabels());
        }
        LabelValuesResponse r = lookup.proxy().labelValues(req.build());
        out.addAll(r.getValuesList());
        return r.getWarningsList();
      });
      return ResultJson.success(j -> j.stringArray(values), warnings);
    });
  }

  /** One StoreAPI label call for one match[] set: adds what it found to {@code out}, returns its warnings. */
  @FunctionalInterface
  private interface LabelCall {
    List<String> fetch(List<LabelMatcher> matchers, TreeSet<String> out);
  }

  /** What /labels and /label/{name}/values share: their parameters, parsed in Prometheus' order. */
  private record LabelLookup(long limit, long start, long end, List<List<Matcher>> matcherSets,
      QueryScope scope, ProxyStore proxy) {

    /** One call per match[] set (one unfiltered call without match[]); the union, in UTF-8 order, truncated to limit. */
    List<String> collect(List<String> warnings, LabelCall call) {
      TreeSet<String> found = new TreeSet<>(StringOrder.UTF8);
      List<List<Matcher>> calls = matcherSets.isEmpty() ? List.of(List.of()) : matcherSets;
      try {
        for (List<Matcher> set : calls) {
          warnings.addAll(call.fetch(StoreProtos.toProtoMatchers(set), found));
        }
      } catch (StatusRuntimeException e) {
        throw new ApiException(ErrorType.EXECUTION, describe(e));
      }
      return truncate(new ArrayList<>(found), limit, warnings);
    }
  }

  private LabelLookup labelLookup(Form form) {
    long limit = Params.limit(form);
    long start = Params.timeParam(form, "start", Params.MIN_TIME);
    long end = Params.timeParam(form, "end", Params.MAX_TIME);
    List<List<Matcher>> sets = Params.matchers(form.values("match[]"));
    QueryScope scope = scope(form, 0);
    return new LabelLookup(limit, start, end, sets, scope, proxy(storeMatchers(form)));
  }

  private static List<String> truncate(List<String> values, long limit, List<String> warnings) {
    if (values.size() > limit) {
      warnings.add("results truncated due to limit");
      return values.subList(0, (int) limit);
    }
    return values;
  }

  private static PartialResponseStrategy strategy(QueryScope scope) {
    return scope.partialResponse() ? PartialResponseStrategy.WARN : PartialResponseStrategy.ABORT;
  }

  private static String describe(StatusRuntimeException e) {
    String d = e.getStatus().getDescription();
    return d == null ? e.getStatus().getCode().name() : d;
  }

  @RequestMapping(path = "/api/v1/metadata", method = RequestMethod.GET)
  public ResponseEntity<byte[]> metadata(HttpServletRequest request) {
    return respond(() -> {
      Form form = new Form(request);
      checkNumber(form, "limit");
      checkNumber(form, "limit_per_metric");
      // No endpoint serves metric metadata to this querier yet: Prometheus' empty answer.
      return ResultJson.success(j -> j.raw("{}"), List.of());
    });
  }

  private static void checkNumber(Form form, String name) {
    String v = form.value(name);
    if (!v.isEmpty()) {
      try {
        Params.atoi(v, name);
      } catch (ApiException e) {
        throw ApiException.badData(name + " must be a number");
      }
    }
  }

  /**
   * Rules and alerts come from endpoints serving Thanos' Rules API (rulers, sidecars); this querier
   * does not fan out to that API yet, so the answers are Prometheus' empty ones. Grafana asks for
   * rules when a data source is set up.
   */
  @RequestMapping(path = "/api/v1/rules", method = RequestMethod.GET)
  public ResponseEntity<byte[]> rules(HttpServletRequest request) {
    return respond(() -> {
      String type = new Form(request).value("type").toLowerCase(java.util.Locale.ROOT);
      if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
        throw ApiException.invalidParam("type", "not supported value " + io.thanosj.promql.format.GoStrings.quote(type));
      }
      return ResultJson.success(j -> j.raw("{\"groups\":[]}"), List.of());
    });
  }

  @RequestMapping(path = "/api/v1/alerts", method = RequestMethod.GET)
  public ResponseEntity<byte[]> alerts() {
    return respond(() -> ResultJson.success(j -> j.raw("{\"alerts\":[]}"), List.of()));
  }

  // ---------------------------------------------------------------- status

  @RequestMapping(path = "/api/v1/status/buildinfo", method = RequestMethod.GET)
  public ResponseEntity<byte[]> buildInfo() {
    return respond(() -> ResultJson.success(j -> j
        .raw("{\"version\":").string(settings.buildInfo().version())
        .raw(",\"revision\":").string(settings.buildInfo().revision())
        .raw(",\"branch\":").string(settings.buildInfo().branch())
        .raw(",\"buildUser\":").string("thanosj")
        .raw(",\"buildDate\":").string("")
        // Grafana treats a non-empty "features" object as Mimir, so there is none.
        .raw(",\"goVersion\":").string("java" + System.getProperty("java.version"))
        .raw('}'), List.of()));
  }

  @RequestMapping(path = "/api/v1/status/flags", method = RequestMethod.GET)
  public ResponseEntity<byte[]> flags() {
    return respond(() -> ResultJson.success(j -> {
      j.raw('{');
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(settings.flags()).entrySet()) {
        if (!first) {
          j.raw(',');
        }
        first = false;
        j.string(e.getKey()).raw(':').string(e.getValue());
      }
      j.raw('}');
    }, List.of()));
  }

  /** Thanos' endpoint status: {@code {"<component>":[{"name","lastCheck","lastError","labelSets","minTime","maxTime"}]}}. */
  @RequestMapping(path = "/api/v1/stores", method = RequestMethod.GET)
  public ResponseEntity<byte[]> stores() {
    return respond(() -> {
      Map<String, List<EndpointStatus>> byType = new TreeMap<>();
      for (EndpointStatus s : statuses.get()) {
        if (s.componentType() != null) {
          byType.computeIfAbsent(s.componentType(), k -> new ArrayList<>()).add(s);
        }
      }
      return ResultJson.success(j -> {
        j.raw('{');
        boolean firstType = true;
        for (Map.Entry<String, List<EndpointStatus>> e : byType.entrySet()) {
          if (!firstType) {
            j.raw(',');
          }
          firstType = false;
          j.string(e.getKey()).raw(":[");
          for (int i = 0; i < e.getValue().size(); i++) {
            EndpointStatus s = e.getValue().get(i);
            if (i > 0) {
              j.raw(',');
            }
            j.raw("{\"name\":").string(s.name())
                .raw(",\"lastCheck\":").string(GoTime.format(s.lastCheck()))
                .raw(",\"lastError\":");
            if (s.lastError() == null) {
              j.raw("null");
            } else {
              j.string(s.lastError());
            }
            j.raw(",\"labelSets\":[");
            for (int k = 0; k < s.labelSets().size(); k++) {
              if (k > 0) {
                j.raw(',');
              }
              j.labels(s.labelSets().get(k));
            }
            j.raw("],\"minTime\":").raw(Long.toString(s.minTime()))
                .raw(",\"maxTime\":").raw(Long.toString(s.maxTime())).raw('}');
          }
          j.raw(']');
        }
        j.raw('}');
      }, List.of());
    });
  }

  // ---------------------------------------------------------------- responses

  private interface Handler {
    byte[] handle();
  }

  private static ResponseEntity<byte[]> respond(Handler handler) {
    try {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(handler.handle());
    } catch (ApiException e) {
      return ResponseEntity.status(e.type().status).contentType(MediaType.APPLICATION_JSON)
          .body(ResultJson.error(e.type(), e.getMessage()));
    }
  }
}
