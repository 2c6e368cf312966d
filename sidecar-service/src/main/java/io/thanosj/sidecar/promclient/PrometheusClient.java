package io.thanosj.sidecar.promclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Prometheus HTTP endpoints the sidecar uses (Thanos' {@code pkg/promclient}): status pages for
 * external labels, flags and version, {@code /metrics} for the oldest sample, the series and label
 * APIs, {@code /-/reload}, and the remote-read endpoint. Thread-safe; one instance per Prometheus.
 */
public final class PrometheusClient {

  /** Beyond this many ms from the epoch Prometheus' time parser overflows; such bounds are left out. */
  private static final long SAFE_TIME_MILLIS = 1_000_000_000_000_000L;

  static final String USER_AGENT = "ThanosJ-sidecar";

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private static final List<String[]> REMOTE_READ_HEADERS = List.of(
      new String[] {"User-Agent", USER_AGENT},
      new String[] {"Content-Encoding", "snappy"},
      new String[] {"Content-Type", "application/x-protobuf"},
      new String[] {"X-Prometheus-Remote-Read-Version", "0.1.0"});

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http;
  private final Duration callTimeout;

  /**
   * @param baseUrl {@code --prometheus.url}; a path prefix (Prometheus' {@code --web.route-prefix}) is kept
   * @param callTimeout bound on each status/label/series call ({@code --prometheus.get_config_timeout});
   *     remote reads are bounded by the caller's deadline instead, since they stream for as long as needed
   */
  public PrometheusClient(URI baseUrl, Duration callTimeout) {
    String b = baseUrl.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.callTimeout = callTimeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public String baseUrl() {
    return base;
  }

  /** {@code global.external_labels} from the running configuration ({@code /api/v1/status/config}). */
  public Labels externalLabels() {
    JsonNode data = getData("/api/v1/status/config", Map.of());
    String yaml = data.path("yaml").asText(null);
    if (yaml == null) {
      throw new PrometheusApiException(base + "/api/v1/status/config: answer has no data.yaml", 200);
    }
    return externalLabelsFromConfig(yaml, base);
  }

  static Labels externalLabelsFromConfig(String yaml, String source) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new PrometheusApiException(source + ": cannot parse Prometheus' configuration YAML: " + e.getMessage(), 200, e);
    }
    if (!(doc instanceof Map<?, ?> root) || !(root.get("global") instanceof Map<?, ?> global)) {
      return Labels.EMPTY;
    }
    if (!(global.get("external_labels") instanceof Map<?, ?> ext)) {
      return Labels.EMPTY;
    }
    Labels.Builder b = new Labels.Builder();
    for (Map.Entry<?, ?> e : ext.entrySet()) {
      b.set(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
    }
    return b.build();
  }

  /** The command-line flags, or empty when this Prometheus has no flags endpoint (404). */
  public Optional<PrometheusFlags> flags() {
    HttpResponse<byte[]> r = send(get("/api/v1/status/flags", Map.of()));
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode data = data(r, "/api/v1/status/flags");
    Map<String, String> flags = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = data.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      flags.put(e.getKey(), e.getValue().asText());
    }
    return Optional.of(new PrometheusFlags(flags));
  }

  /** {@code data.version} of {@code /api/v1/status/buildinfo}, e.g. {@code 2.42.0}. */
  public String version() {
    return getData("/api/v1/status/buildinfo", Map.of()).path("version").asText("");
  }

  /**
   * The timestamp of the oldest sample Prometheus holds, from its own
   * {@code prometheus_tsdb_lowest_timestamp_seconds} gauge. Before anything is stored Prometheus
   * reports MaxInt64; that becomes {@link Long#MIN_VALUE} so a querier never prunes this Prometheus
   * away while its head fills (Thanos does the same).
   */
  public long lowestTimestampMillis() {
    HttpResponse<InputStream> r = sendStreaming(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(callTimeout).GET().build());
    try (InputStream in = r.body()) {
      if (r.statusCode() / 100 != 2) {
        throw new PrometheusApiException(base + "/metrics answered " + r.statusCode(), r.statusCode());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("prometheus_tsdb_lowest_timestamp_seconds ") || line.startsWith("prometheus_tsdb_lowest_timestamp_seconds{")) {
          return lowestTimestampFromSample(line);
        }
      }
    } catch (IOException e) {
      throw unreachable("/metrics", e);
    }
    throw new PrometheusApiException(base + "/metrics has no prometheus_tsdb_lowest_timestamp_seconds sample", r.statusCode());
  }

  static long lowestTimestampFromSample(String line) {
    int close = line.lastIndexOf('}');
    String rest = close >= 0 ? line.substring(close + 1) : line.substring(line.indexOf(' '));
    String text = rest.trim().split("\\s+")[0];
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new PrometheusApiException("unparsable prometheus_tsdb_lowest_timestamp_seconds sample: " + line, 200, e);
    }
    double millis = seconds * 1000;
    // MaxInt64 seconds as a float, times 1000, is far beyond the long range: "no data yet".
    if (Double.isNaN(millis) || millis >= 9.2e18) {
      return Long.MIN_VALUE;
    }
    return (long) millis;
  }

  /** {@code /api/v1/labels}: names of stored labels (no external labels) of matching series. */
  public List<String> labelNames(List<Matcher> matchers, long startMs, long endMs) {
    return strings(getData("/api/v1/labels", rangeParams(matchers, startMs, endMs)));
  }

  /** {@code /api/v1/label/<name>/values}. */
  public List<String> labelValues(String name, List<Matcher> matchers, long startMs, long endMs) {
    String path = "/api/v1/label/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/values";
    return strings(getData(path, rangeParams(matchers, startMs, endMs)));
  }

  /** {@code /api/v1/series}: the stored label sets of matching series, in the order Prometheus sends them. */
  public List<Labels> series(List<Matcher> matchers, long startMs, long endMs) {
    JsonNode data = getData("/api/v1/series", rangeParams(matchers, startMs, endMs));
    List<Labels> out = new ArrayList<>(data.size());
    for (JsonNode s : data) {
      Labels.Builder b = new Labels.Builder();
      Iterator<Map.Entry<String, JsonNode>> it = s.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        b.set(e.getKey(), e.getValue().asText());
      }
      out.add(b.build());
    }
    return out;
  }

  /** {@code POST /-/reload}; Prometheus answers 200 once the new configuration is applied. */
  public void reload() {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/-/reload"))
        .timeout(callTimeout)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build());
    if (r.statusCode() != 200) {
      throw new PrometheusApiException(
          base + "/-/reload answered " + r.statusCode() + ": " + bodyText(r)
              + (r.statusCode() == 403 ? " (start Prometheus with --web.enable-lifecycle)" : ""),
          r.statusCode());
    }
  }

  /**
   * Starts a remote read ({@code POST /api/v1/read}) with an already snappy-compressed
   * {@code ReadRequest} and returns the open response. A non-2xx answer is read (up to 4 KiB) into
   * the exception. The caller owns the response; closing it (from any thread) aborts the transfer.
   * The body is read by the caller's thread straight from the connection ({@link HttpPost}).
   */
  public StreamedHttpResponse remoteRead(byte[] snappyRequest) {
    URI url = URI.create(base + "/api/v1/read");
    StreamedHttpResponse r;
    try {
      r = HttpPost.send(url, REMOTE_READ_HEADERS, snappyRequest, CONNECT_TIMEOUT_MILLIS, HttpBodyInputStream.REMOTE_READ_COALESCE_NANOS);
    } catch (IOException e) {
      throw unreachable(url.getPath(), e);
    }
    if (r.status() / 100 != 2) {
      String msg;
      try (r) {
        msg = new String(r.body().readNBytes(4096), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        msg = "(body unreadable: " + e + ")";
      }
      if (r.status() / 100 == 3 && !r.header("Location").isEmpty()) {
        msg = "redirect to " + r.header("Location") + " not followed" + (msg.isEmpty() ? "" : "; " + msg);
      }
      throw new PrometheusApiException("remote read " + base + "/api/v1/read answered " + r.status() + ": " + msg, r.status());
    }
    return r;
  }

  private Map<String, List<String>> rangeParams(List<Matcher> matchers, long startMs, long endMs) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    if (!matchers.isEmpty()) {
      p.put("match[]", List.of(Selectors.format(matchers)));
    }
    if (Math.abs(startMs) < SAFE_TIME_MILLIS) {
      p.put("start", List.of(seconds(startMs)));
    }
    if (Math.abs(endMs) < SAFE_TIME_MILLIS) {
      p.put("end", List.of(seconds(endMs)));
    }
    return p;
  }

  /** Milliseconds as Prometheus' decimal seconds, exact to the millisecond. */
  static String seconds(long ms) {
    long s = Math.floorDiv(ms, 1000);
    long frac = Math.floorMod(ms, 1000);
    return frac == 0 ? Long.toString(s) : s + "." + String.format("%03d", frac);
  }

  private JsonNode getData(String path, Map<String, ?> params) {
    return data(send(get(path, params)), path);
  }

  private HttpRequest get(String path, Map<String, ?> params) {
    StringBuilder url = new StringBuilder(base).append(path);
    char sep = '?';
    for (Map.Entry<String, ?> e : params.entrySet()) {
      Object v = e.getValue();
      List<?> values = v instanceof List<?> l ? l : List.of(v);
      for (Object value : values) {
        url.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return HttpRequest.newBuilder(URI.create(url.toString())).timeout(callTimeout).header("User-Agent", USER_AGENT).GET().build();
  }

  private JsonNode data(HttpResponse<byte[]> r, String path) {
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new PrometheusApiException(base + path + " answered " + r.statusCode() + " with a body that is not JSON: " + bodyText(r), r.statusCode(), e);
    }
    if (r.statusCode() / 100 != 2 || !"success".equals(body.path("status").asText())) {
      String err = body.path("error").asText(bodyText(r));
      throw new PrometheusApiException(base + path + " answered " + r.statusCode() + ": " + err, r.statusCode());
    }
    return body.path("data");
  }

  private static List<String> strings(JsonNode data) {
    List<String> out = new ArrayList<>(data.size());
    for (JsonNode n : data) {
      out.add(n.asText());
    }
    return out;
  }

  private static String bodyText(HttpResponse<byte[]> r) {
    byte[] b = r.body();
    return new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8).trim();
  }

  private HttpResponse<byte[]> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(req.uri().getPath(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusApiException("interrupted while calling " + req.uri(), 0, e);
    }
  }

  private HttpResponse<InputStream> sendStreaming(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(req.uri().getPath(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusApiException("interrupted while calling " + req.uri(), 0, e);
    }
  }

  private PrometheusApiException unreachable(String path, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new PrometheusApiException("Prometheus at " + base + " unreachable (" + path + "): " + reason, 0, e);
  }
}
