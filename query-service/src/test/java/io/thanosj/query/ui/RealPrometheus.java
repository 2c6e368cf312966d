package io.thanosj.query.ui;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's Prometheus 2.42 serving blocks that {@code promtool tsdb create-blocks-from openmetrics} made
 * from the given OpenMetrics text. It scrapes nothing, so its answers depend on that text alone.
 */
final class RealPrometheus implements AutoCloseable {
  private final Path dir;
  private final Process process;
  final URI url;

  RealPrometheus(String openMetrics) throws IOException, InterruptedException {
    dir = Files.createTempDirectory("thanosj-ui-prometheus-");
    Path input = Files.writeString(dir.resolve("data.om"), openMetrics, StandardCharsets.UTF_8);
    Path tsdb = dir.resolve("tsdb");
    run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), tsdb.toString()));
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global: {}\n");
    int port = freePort();
    url = URI.create("http://127.0.0.1:" + port);
    process =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    awaitReady();
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited:\n" + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("prometheus not ready after 30s:\n" + Files.readString(dir.resolve("prometheus.log")));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    FileSystemUtils.deleteRecursively(dir.toFile());
  }
}
