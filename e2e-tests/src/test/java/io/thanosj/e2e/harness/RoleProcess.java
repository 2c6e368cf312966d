package io.thanosj.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of our role jars ({@code <module>/target/<module>-<version>-exec.jar}) running as its own JVM
 * on free loopback ports. Flags are passed exactly as a user would pass them to {@code bin/thanosj}.
 */
public final class RoleProcess implements AutoCloseable {

  /** Small heap and the serial collector: several JVMs share two cores in CI. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-Xss512k");

  private final Role role;
  private final ManagedProcess process;
  private final int httpPort;
  private final int grpcPort;

  private RoleProcess(Role role, ManagedProcess process, int httpPort, int grpcPort) {
    this.role = role;
    this.process = process;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
  }

  public Role role() {
    return role;
  }

  public ManagedProcess process() {
    return process;
  }

  /** Base URL of the HTTP listener, e.g. {@code http://127.0.0.1:40123}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** {@code host:port} of the gRPC listener, as another role's {@code --endpoint} takes it. */
  public String grpcAddress() {
    if (grpcPort < 0) {
      throw new IllegalStateException(role + " serves no gRPC");
    }
    return "127.0.0.1:" + grpcPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public boolean isReady() {
    try {
      return Http.get(httpUrl() + "/-/ready").ok();
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Waits for {@code /-/ready} to answer 200; fails at once with the log tail if the JVM dies. */
  public RoleProcess awaitReady(Duration timeout) {
    Poll.until(timeout, process.name() + " /-/ready", () -> {
      process.assertAlive();
      return isReady();
    });
    return this;
  }

  /** Waits for {@code /-/healthy}: the process serves HTTP, whether or not it is ready. */
  public RoleProcess awaitHealthy(Duration timeout) {
    Poll.until(timeout, process.name() + " /-/healthy", () -> {
      process.assertAlive();
      try {
        return Http.get(httpUrl() + "/-/healthy").ok();
      } catch (UncheckedIOException e) {
        return false;
      }
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

  /** Collects flags and JVM options; {@link #start()} launches and returns the running role. */
  public static final class Builder {
    private final E2eEnvironment env;
    private final Role role;
    private final String name;
    private final int httpPort = Ports.free();
    private final int grpcPort;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

    Builder(E2eEnvironment env, Role role, String name) {
      this.env = env;
      this.role = role;
      this.name = name;
      this.grpcPort = role.servesGrpc() ? Ports.free() : -1;
    }

    /** The HTTP address is fixed before start, so other processes can be configured to reach this one. */
    public String httpUrl() {
      return "http://127.0.0.1:" + httpPort;
    }

    public String grpcAddress() {
      return "127.0.0.1:" + grpcPort;
    }

    /** Adds one flag, e.g. {@code flag("--prometheus.url", url)}; repeat the name for repeatable flags. */
    public Builder flag(String name, String value) {
      flags.add(name + "=" + value);
      return this;
    }

    /** Adds a boolean flag or any literal argument, e.g. {@code --shipper.upload-compacted}. */
    public Builder arg(String literal) {
      flags.add(literal);
      return this;
    }

    public Builder env(String variable, String value) {
      environment.put(variable, value);
      return this;
    }

    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** Builds the process without starting it. */
    public RoleProcess build() {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.add("-jar");
      cmd.add(jar(role).toString());
      cmd.add("--http-address=127.0.0.1:" + httpPort);
      if (grpcPort > 0) {
        cmd.add("--grpc-address=127.0.0.1:" + grpcPort);
      }
      cmd.addAll(flags);
      ManagedProcess p = env.register(name, cmd, environment);
      return new RoleProcess(role, p, httpPort, grpcPort);
    }

    /** Starts the JVM; call {@link RoleProcess#awaitReady} when the test needs it ready. */
    public RoleProcess start() {
      RoleProcess r = build();
      r.start();
      return r;
    }
  }

  /** The runnable jar of a role, as the reactor built it before this module's tests ran. */
  static Path jar(Role role) {
    Path target = E2eEnvironment.projectRoot().resolve(role.module()).resolve("target");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, role.module() + "-*-exec.jar")) {
        ds.forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected exactly one runnable jar " + target + "/" + role.module() + "-*-exec.jar, found " + found
              + "; build it through the reactor: ./mvnw -pl e2e-tests -am verify");
    }
    return found.get(0);
  }
}
