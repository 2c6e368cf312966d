package io.thanosj.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external process under test. Output (stdout and stderr) is appended to its log file, which
 * survives restarts so a test that kills and restarts a process keeps one readable history.
 * Start, stop and kill may be repeated; the command and environment stay the same.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workDir;
  private final Path logFile;
  private final Path pidFile;
  private Process process;

  ManagedProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path logFile, Path pidFile) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.workDir = workDir;
    this.logFile = logFile;
    this.pidFile = pidFile;
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  public List<String> command() {
    return command;
  }

  public synchronized void start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "### " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(environment);
      process = pb.start();
      Files.writeString(pidFile, process.pid() + "\n" + command.get(0) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return process.pid();
  }

  /** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(STOP_GRACE)) {
        appendNote("did not exit within " + STOP_GRACE + " of SIGTERM; sending SIGKILL");
        process.destroyForcibly();
        waitFor(STOP_GRACE);
      }
    }
    appendNote("stopped, exit code " + exitCodeOrUnknown());
    deletePidFile();
  }

  /** SIGKILL: no shutdown hooks, no cleanup, as in a crash or an OOM kill. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(STOP_GRACE);
    appendNote("killed with SIGKILL");
    deletePidFile();
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "(no log)";
      }
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Fails fast with the log tail when the process has died, instead of waiting for a timeout. */
  public void assertAlive() {
    if (!isAlive()) {
      throw new AssertionError(name + " is not running (exit code " + exitCodeOrUnknown() + "); log tail:\n" + logTail(40));
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean waitFor(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String exitCodeOrUnknown() {
    return process != null && !process.isAlive() ? Integer.toString(process.exitValue()) : "unknown";
  }

  private void appendNote(String note) {
    try {
      Files.writeString(logFile, "### " + Instant.now() + " " + note + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The note is a courtesy for whoever reads the log; losing it must not fail the stop.
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // A stale pid file is checked against the command line before anything is killed.
    }
  }

  static List<String> join(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }
}
