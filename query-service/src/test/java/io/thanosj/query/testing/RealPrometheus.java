package io.thanosj.query.testing;

import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.SeriesData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Debian package's Prometheus ({@code /usr/bin/prometheus}, 2.42) serving blocks that
 * {@code promtool tsdb create-blocks-from openmetrics} made from a {@link Dataset}, so tests can ask
 * it and our querier the same questions over the same samples.
 */
public final class RealPrometheus implements AutoCloseable {

  private final Process process;
  private final int port;

  private RealPrometheus(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Writes the dataset as promtool blocks under {@code dir}, starts Prometheus on them and waits until ready. */
  public static RealPrometheus start(Path dir, Dataset data, String configYaml) throws IOException, InterruptedException {
    Path tsdb = Files.createDirectories(dir.resolve("data"));
    writeBlocks(dir, data, tsdb);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    int port = freePort();
    Process p = new ProcessBuilder(List.of("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + tsdb,
        "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=100y",
        "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    RealPrometheus prom = new RealPrometheus(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        if (HttpJson.get(prom.url() + "/-/ready").status() == 200) {
          return prom;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    prom.close();
    throw new IllegalStateException("prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
  }

  /** The dataset as OpenMetrics text, series one after another, then promtool's blocks. */
  static void writeBlocks(Path dir, Dataset data, Path out) throws IOException, InterruptedException {
    StringBuilder om = new StringBuilder();
    List<SeriesData> series = new java.util.ArrayList<>(data.series());
    // OpenMetrics wants a metric family's samples together.
    series.sort(java.util.Comparator.comparing(s -> s.labels().get("__name__")));
    for (SeriesData s : series) {
      StringBuilder labels = new StringBuilder();
      s.labels().forEach((n, v) -> {
        if (!n.equals("__name__")) {
          labels.append(labels.length() == 0 ? "" : ",").append(n).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
      });
      String prefix = s.labels().get("__name__") + (labels.length() == 0 ? "" : "{" + labels + "}") + " ";
      for (int i = 0; i < s.size(); i++) {
        long t = s.timestamps()[i];
        om.append(prefix).append(format(s.values()[i])).append(' ').append(t / 1000).append('.')
            .append(String.format(Locale.ROOT, "%03d", t % 1000)).append('\n');
      }
    }
    om.append("# EOF\n");
    Path input = dir.resolve("data.om");
    Files.writeString(input, om, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("promtool failed: " + Files.readString(dir.resolve("promtool.log")));
    }
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
