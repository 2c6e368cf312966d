package io.thanosj.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version this build reports ({@code --version}, {@code thanos_build_info}). Thanos' info metric
 * carries Go's runtime in {@code goversion}/{@code goos}/{@code goarch}; ThanosJ puts the JVM there
 * so the label set matches and dashboards keep working.
 */
public record BuildInfo(String version, String revision, String branch) {

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/io/thanosj/service/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource only costs the version string
    }
    return new BuildInfo(
        p.getProperty("version", "unknown"), p.getProperty("revision", "unknown"), p.getProperty("branch", "unknown"));
  }

  /** Like {@code thanos --version}: {@code thanosj, version 0.1.0 (branch: main, revision: abc)}. */
  public String versionLine() {
    return "thanosj, version " + version + " (branch: " + branch + ", revision: " + revision + ")\n"
        + "  java: " + System.getProperty("java.version") + "\n"
        + "  platform: " + System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch");
  }

  public void register(MeterRegistry registry) {
    Gauge.builder("thanos.build.info", () -> 1)
        .description("A metric with a constant '1' value labeled by version, revision, branch, goversion from which thanos was built, and the goos and goarch for the build.")
        .tags("version", version, "revision", revision, "branch", branch,
            "goversion", "java" + System.getProperty("java.version"),
            "goos", System.getProperty("os.name").toLowerCase(), "goarch", System.getProperty("os.arch"), "tags", "")
        .register(registry);
  }
}
