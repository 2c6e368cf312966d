package io.thanosj.tsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus} from the Debian package, or {@code
 * $PROMETHEUS_BIN}) over a given data directory, on a free loopback port, for tests that need
 * Prometheus to read blocks or answer queries. Unless the extra arguments name a {@code
 * --config.file}, it gets a config with no scrape targets, so the data directory is all it serves.
 * Start it once per test class; {@link #close()} stops it (SIGTERM, then kill after 10 s).
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static String binary() {
    String override = System.getenv("PROMETHEUS_BIN");
    return override != null && !override.isBlank() ? override : "/usr/bin/prometheus";
  }

  /**
   * Starts Prometheus with {@code --storage.tsdb.path=dataDir}, {@code --web.listen-address} on a
   * free port and the given extra flags, and waits until {@code /-/ready} answers 200.
   */
  public static PrometheusServer start(Path dataDir, String... extraArgs) {
    if (!Files.isExecutable(Path.of(binary()))) {
      throw new IllegalStateException(binary() + " not found: install the Debian package 'prometheus' "
          + "(apt-get install prometheus) or set PROMETHEUS_BIN");
    }
    try {
      Files.createDirectories(dataDir);
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(binary(),
          "--storage.tsdb.path=" + dataDir,
          "--web.listen-address=127.0.0.1:" + port));
      boolean hasConfig = false;
      for (String a : extraArgs) {
        hasConfig |= a.startsWith("--config.file");
      }
      if (!hasConfig) {
        Path config = Files.createTempFile("prometheus", ".yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        cmd.add("--config.file=" + config);
      }
      cmd.addAll(List.of(extraArgs));
      Path log = Files.createTempFile("prometheus-" + port + "-", ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PrometheusServer s = new PrometheusServer(p, port, log);
      try {
        s.awaitReady();
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; log:\n" + logTail());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for prometheus", e);
      }
    }
    throw new IllegalStateException("prometheus not ready after " + READY_TIMEOUT + "; log:\n" + logTail());
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The server's combined stdout/stderr so far (last 8 KiB). */
  public String logTail() {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() <= 8192 ? s : s.substring(s.length() - 8192);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** GET {@code pathAndQuery} (e.g. {@code /api/v1/labels}). */
  public HttpResponse<String> get(String pathAndQuery) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).timeout(Duration.ofSeconds(30)).build();
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The JSON body of {@code /api/v1/query?query=…&time=…} (time in ms, sent as seconds). */
  public String instantQuery(String promql, long timeMs) {
    return apiGet("/api/v1/query?query=" + enc(promql) + "&time=" + OpenMetricsWriter.seconds(timeMs));
  }

  /** The JSON body of {@code /api/v1/query_range}. */
  public String rangeQuery(String promql, long startMs, long endMs, long stepMs) {
    return apiGet("/api/v1/query_range?query=" + enc(promql) + "&start=" + OpenMetricsWriter.seconds(startMs)
        + "&end=" + OpenMetricsWriter.seconds(endMs) + "&step=" + OpenMetricsWriter.seconds(stepMs));
  }

  private String apiGet(String pathAndQuery) {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
