package io.thanosj.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (the Debian package's {@code /usr/bin/prometheus}, or {@code $PROMETHEUS_BIN}) on a
 * free loopback port with its own config file and data directory. Lifecycle endpoints are on so the
 * sidecar's reloader can call {@code /-/reload}. Stopping and starting again keeps the port and the
 * data, as a restarted Prometheus would.
 */
public final class PrometheusProcess implements AutoCloseable {

  private final ManagedProcess process;
  private final int port;
  private final Path configFile;
  private final Path dataDir;

  private PrometheusProcess(ManagedProcess process, int port, Path configFile, Path dataDir) {
    this.process = process;
    this.port = port;
    this.configFile = configFile;
    this.dataDir = dataDir;
  }

  public static String binary() {
    String override = System.getenv("PROMETHEUS_BIN");
    return override != null && !override.isBlank() ? override : "/usr/bin/prometheus";
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code host:port}, as a scrape target. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public Path configFile() {
    return configFile;
  }

  public Path dataDir() {
    return dataDir;
  }

  public ManagedProcess process() {
    return process;
  }

  public boolean isReady() {
    try {
      return Http.get(url() + "/-/ready").ok();
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  public PrometheusProcess awaitReady(Duration timeout) {
    Poll.until(timeout, process.name() + " /-/ready", () -> {
      process.assertAlive();
      return isReady();
    });
    return this;
  }

  public void start() {
    process.start();
  }

  public void stop() {
    process.stop();
  }

  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    stop();
  }

  /** Collects config and flags; the port is chosen at once so peers can be configured to scrape it. */
  public static final class Builder {
    private final E2eEnvironment env;
    private final String name;
    private final int port = Ports.free();
    private final List<String> flags = new ArrayList<>();
    private Path configFile;
    private String configText;
    private Path dataDir;

    Builder(E2eEnvironment env, String name) {
      this.env = env;
      this.name = name;
      this.dataDir = env.dir(name).resolve("data");
      this.configFile = env.dir(name).resolve("prometheus.yml");
    }

    public int port() {
      return port;
    }

    public String url() {
      return "http://127.0.0.1:" + port;
    }

    public String address() {
      return "127.0.0.1:" + port;
    }

    /** The YAML written to the config file before start. */
    public Builder config(String yaml) {
      this.configText = yaml;
      return this;
    }

    /**
     * Uses a config file the test (or a sidecar's reloader) writes itself. Prometheus refuses to start
     * without it, so it must exist by the time {@link #start()} is called.
     */
    public Builder configFile(Path file) {
      this.configFile = file;
      this.configText = null;
      return this;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Adds a flag such as {@code flag("--storage.tsdb.min-block-duration", "2m")}. */
    public Builder flag(String name, String value) {
      flags.add(name + "=" + value);
      return this;
    }

    public Builder arg(String literal) {
      flags.add(literal);
      return this;
    }

    public PrometheusProcess build() {
      try {
        Files.createDirectories(dataDir);
        if (configText != null) {
          Files.createDirectories(configFile.getParent());
          Files.writeString(configFile, configText, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(binary());
      cmd.add("--config.file=" + configFile);
      cmd.add("--storage.tsdb.path=" + dataDir);
      cmd.add("--web.listen-address=127.0.0.1:" + port);
      cmd.add("--web.enable-lifecycle");
      cmd.addAll(flags);
      ManagedProcess p = env.register(name, cmd, Map.of());
      return new PrometheusProcess(p, port, configFile, dataDir);
    }

    /** Starts Prometheus and waits until it answers {@code /-/ready}. */
    public PrometheusProcess start() {
      PrometheusProcess p = build();
      p.start();
      return p.awaitReady(Duration.ofSeconds(60));
    }
  }
}
