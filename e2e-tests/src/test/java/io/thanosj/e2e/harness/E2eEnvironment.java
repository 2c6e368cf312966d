package io.thanosj.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The processes of one end-to-end test class. Register it once per class:
 *
 * <pre>{@code
 * @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();
 *
 * @BeforeAll static void up() {
 *   PrometheusProcess prom = env.prometheus("prom").config(yaml).start();
 *   RoleProcess sidecar = env.role(Role.SIDECAR, "sidecar").flag("--prometheus.url", prom.url()).start();
 * }
 * }</pre>
 *
 * Processes start once per class; every one of them is stopped after the class, also when a test
 * or {@code @BeforeAll} failed, and by a JVM shutdown hook if the test JVM is asked to exit. A test
 * JVM killed outright cannot clean up, so each process leaves a pid file and the next run kills
 * leftovers whose command still matches. Logs go to {@code target/e2e-logs/<TestClass>/<name>.log};
 * scratch directories to {@code target/e2e/<TestClass>/<name>/}, emptied before each run.
 */
public final class E2eEnvironment implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private final List<ManagedProcess> processes = new ArrayList<>();
  private String className;
  private Path workRoot;
  private Path logRoot;
  private Thread shutdownHook;

  /** The repository root; surefire sets {@code thanosj.root}, otherwise the module's parent directory. */
  public static Path projectRoot() {
    String root = System.getProperty("thanosj.root");
    return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).toAbsolutePath().normalize();
  }

  static Path moduleTarget() {
    return projectRoot().resolve("e2e-tests").resolve("target");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    className = context.getRequiredTestClass().getSimpleName();
    workRoot = moduleTarget().resolve("e2e").resolve(className);
    logRoot = moduleTarget().resolve("e2e-logs").resolve(className);
    killLeftovers();
    deleteTree(workRoot);
    deleteTree(logRoot);
    try {
      Files.createDirectories(workRoot);
      Files.createDirectories(logRoot);
      Files.createDirectories(pidDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    shutdownHook = new Thread(this::stopAll, "e2e-shutdown-" + className);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook is running or has run.
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    StringBuilder sb = new StringBuilder("\n=== e2e test failed: ")
        .append(context.getDisplayName()).append(" — logs under ").append(logRoot).append('\n');
    synchronized (this) {
      for (ManagedProcess p : processes) {
        sb.append("--- ").append(p.name()).append(" (").append(p.logFile()).append(")\n").append(p.logTail(25)).append('\n');
      }
    }
    System.err.println(sb);
  }

  /** A Prometheus to configure; it starts with {@link PrometheusProcess.Builder#start()}. */
  public PrometheusProcess.Builder prometheus(String name) {
    requireStarted();
    return new PrometheusProcess.Builder(this, name);
  }

  /** One of our role jars to configure; it starts with {@link RoleProcess.Builder#start()}. */
  public RoleProcess.Builder role(Role role, String name) {
    requireStarted();
    return new RoleProcess.Builder(this, role, name);
  }

  /** Any other command (e.g. promtool), run as a managed process with its own log. */
  public ManagedProcess process(String name, List<String> command) {
    requireStarted();
    return register(name, command, Map.of());
  }

  /** A scratch directory for this class, created on first use. */
  public Path dir(String name) {
    requireStarted();
    Path d = workRoot.resolve(name);
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }

  public Path logDir() {
    requireStarted();
    return logRoot;
  }

  synchronized ManagedProcess register(String name, List<String> command, Map<String, String> environment) {
    for (ManagedProcess p : processes) {
      if (p.name().equals(name)) {
        throw new IllegalArgumentException("a process named " + name + " already exists in " + className);
      }
    }
    ManagedProcess p = new ManagedProcess(
        name, command, environment, dir(name), logRoot.resolve(name + ".log"), pidDir().resolve(className + "." + name + ".pid"));
    processes.add(p);
    return p;
  }

  /** Stops everything in reverse start order; one process failing to stop does not spare the others. */
  private void stopAll() {
    List<ManagedProcess> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(processes);
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      try {
        toStop.get(i).stop();
      } catch (RuntimeException e) {
        System.err.println("e2e: stopping " + toStop.get(i).name() + " failed: " + e);
        toStop.get(i).kill();
      }
    }
  }

  private static Path pidDir() {
    return moduleTarget().resolve("e2e-pids");
  }

  /**
   * Kills processes a previous, killed test JVM left behind. A pid is only trusted when the live
   * process still runs the recorded executable, so a recycled pid is never killed.
   */
  private static void killLeftovers() {
    Path dir = pidDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path f : ds) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.size() >= 2) {
          long pid = Long.parseLong(lines.get(0).trim());
          String executable = lines.get(1).trim();
          Optional<ProcessHandle> h = ProcessHandle.of(pid);
          if (h.isPresent() && h.get().info().command().map(executable::equals).orElse(false)) {
            System.err.println("e2e: killing leftover process " + pid + " (" + executable + ") from " + f.getFileName());
            h.get().destroyForcibly();
          }
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException | NumberFormatException e) {
      System.err.println("e2e: could not clean leftover processes: " + e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + root, e);
    }
  }

  private void requireStarted() {
    if (workRoot == null) {
      throw new IllegalStateException(
          "E2eEnvironment is not active: register it with @RegisterExtension on a static field");
    }
  }
}
