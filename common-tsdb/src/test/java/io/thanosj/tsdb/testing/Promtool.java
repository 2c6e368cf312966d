package io.thanosj.tsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code promtool} (Debian package {@code prometheus}, or {@code $PROMTOOL_BIN}) for
 * tests: make blocks from OpenMetrics text, dump and analyze blocks. Fails with a clear message when
 * promtool is missing, and with promtool's own output when it fails.
 */
public final class Promtool {

  private static final long TIMEOUT_SECONDS = 300;

  private Promtool() {}

  public static String binary() {
    String override = System.getenv("PROMTOOL_BIN");
    return override != null && !override.isBlank() ? override : "/usr/bin/promtool";
  }

  /**
   * {@code promtool tsdb create-blocks-from openmetrics <file> <outDir> [extraArgs]}; returns the
   * block directories it created, sorted by name (ULID). Blocks are 2h long by default
   * ({@code --max-block-duration} changes that).
   */
  public static List<Path> createBlocks(Path openMetricsFile, Path outDir, String... extraArgs) {
    List<String> cmd = new ArrayList<>(List.of(binary(), "tsdb", "create-blocks-from", "openmetrics"));
    cmd.addAll(List.of(extraArgs));
    cmd.add(openMetricsFile.toString());
    cmd.add(outDir.toString());
    run(cmd);
    try (Stream<Path> s = Files.list(outDir)) {
      return s.filter(p -> Files.exists(p.resolve("meta.json"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code promtool tsdb dump <dataDir>}: every sample as {@code {labels} value timestamp}. promtool
   * 2.42 opens the directory as a TSDB, so an empty {@code wal} directory is created if missing.
   */
  public static String dump(Path dataDir, String... extraArgs) {
    ensureWal(dataDir);
    List<String> cmd = new ArrayList<>(List.of(binary(), "tsdb", "dump"));
    cmd.addAll(List.of(extraArgs));
    cmd.add(dataDir.toString());
    return run(cmd);
  }

  /** {@code promtool tsdb analyze <dataDir> [blockId]}; returns its report. */
  public static String analyze(Path dataDir, String blockId) {
    ensureWal(dataDir);
    List<String> cmd = new ArrayList<>(List.of(binary(), "tsdb", "analyze", dataDir.toString()));
    if (blockId != null) {
      cmd.add(blockId);
    }
    return run(cmd);
  }

  private static void ensureWal(Path dataDir) {
    try {
      Files.createDirectories(dataDir.resolve("wal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command, returns stdout; throws with stdout/stderr on a non-zero exit or timeout. */
  static String run(List<String> cmd) {
    if (!Files.isExecutable(Path.of(cmd.get(0)))) {
      throw new IllegalStateException(cmd.get(0) + " not found: install the Debian package 'prometheus' "
          + "(apt-get install prometheus) or set PROMTOOL_BIN");
    }
    try {
      Path out = Files.createTempFile("promtool", ".out");
      Path err = Files.createTempFile("promtool", ".err");
      try {
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n"
              + tail(stdout) + "\n" + tail(Files.readString(err, StandardCharsets.UTF_8)));
        }
        return stdout;
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    }
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
  }
}
