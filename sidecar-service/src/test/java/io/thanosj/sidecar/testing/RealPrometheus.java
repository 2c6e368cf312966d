package io.thanosj.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
 * A real Prometheus ({@code /usr/bin/prometheus}) for the sidecar's integration tests, on a free
 * loopback port, optionally over blocks that {@code promtool tsdb create-blocks-from openmetrics}
 * made from a test dataset. Output goes to {@code <dir>/prometheus.log}.
 */
public final class RealPrometheus implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final List<String> command;
  private Process process;

  private RealPrometheus(Path dir, int port, List<String> command) {
    this.dir = dir;
    this.port = port;
    this.command = command;
  }

  /** Turns an OpenMetrics text (ending with {@code # EOF}) into blocks under {@code dataDir}. */
  public static void createBlocks(String openMetrics, Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path input = dataDir.resolveSibling(dataDir.getFileName() + ".om");
      Files.writeString(input, openMetrics, StandardCharsets.UTF_8);
      Process p = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), dataDir.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("promtool failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts Prometheus with the given config over {@code dataDir} and waits until it is ready. */
  public static RealPrometheus start(Path dir, String configYaml, Path dataDir, String... extraFlags) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, configYaml, StandardCharsets.UTF_8);
      return startWithConfigFile(dir, config, dataDir, extraFlags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts Prometheus reading an existing config file (e.g. one the reloader renders). */
  public static RealPrometheus startWithConfigFile(Path dir, Path config, Path dataDir, String... extraFlags) {
    RealPrometheus p = prepare(dir, config, dataDir, extraFlags);
    p.startProcess();
    return p;
  }

  /** Chooses the port and command without starting, so a test can point a client at it first. */
  public static RealPrometheus prepare(Path dir, Path config, Path dataDir, String... extraFlags) {
    try {
      Files.createDirectories(dir);
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(
          "/usr/bin/prometheus",
          "--config.file=" + config,
          "--storage.tsdb.path=" + dataDir,
          "--web.listen-address=127.0.0.1:" + port,
          "--web.enable-lifecycle"));
      cmd.addAll(List.of(extraFlags));
      return new RealPrometheus(dir, port, cmd);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void startProcess() {
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public void stopProcess() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopProcess();
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited with " + process.exitValue() + "; see " + dir.resolve("prometheus.log"));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url().resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("Prometheus not ready within 60s; see " + dir.resolve("prometheus.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
