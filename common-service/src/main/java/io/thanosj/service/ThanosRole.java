package io.thanosj.service;

import io.thanosj.service.flags.CommonFlags;
import io.thanosj.service.flags.FlagException;
import io.thanosj.service.flags.FlagSet;
import io.thanosj.service.logging.LogSetup;
import io.thanosj.service.metrics.BuildInfo;
import io.thanosj.service.probe.ThanosComponent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The entry point every role's {@code main} calls:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   ThanosRole.run("query", QueryApplication.class, QueryFlags.class, args);
 * }
 * }</pre>
 *
 * It parses Thanos-style flags ({@link CommonFlags} plus the role's record), answers {@code --help}
 * and {@code --version}, refuses a bad command line with one line on stderr and exit status 1,
 * sets up logging, turns the address flags into Spring and gRPC server properties and starts
 * Spring with the flag records registered as beans. Spring never sees the raw arguments, so a flag
 * cannot silently become some unrelated Spring property.
 */
public final class ThanosRole {

  private static final Logger log = LoggerFactory.getLogger(ThanosRole.class);

  private ThanosRole() {}

  /** Runs a role as a process; returns once it has started (Spring keeps the JVM alive). */
  public static void run(String role, Class<?> application, Class<? extends Record> roleFlags, String[] args) {
    FlagSet flagSet = flagSet(roleFlags);
    FlagSet.Parsed parsed;
    try {
      parsed = flagSet.parse(args);
    } catch (FlagException e) {
      System.err.println("thanosj " + role + ": " + e.getMessage() + ", try --help");
      System.exit(1);
      return;
    }
    if (parsed.helpRequested()) {
      System.out.print(flagSet.usage("thanosj " + role, "The " + role + " role of ThanosJ, flag-compatible with thanos " + role + "."));
      System.exit(0);
    }
    if (parsed.versionRequested()) {
      System.out.println(BuildInfo.load().versionLine());
      System.exit(0);
    }
    try {
      start(role, application, parsed);
    } catch (RuntimeException e) {
      // Spring has logged the details; leave one clear line and a failing exit status.
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      System.err.println("thanosj " + role + ": failed to start: " + reason);
      System.exit(1);
    }
  }

  /**
   * Starts a role in this JVM and returns it running, for tests and embedding.
   *
   * @throws FlagException when the flags are unusable
   */
  public static RunningRole start(String role, Class<?> application, Class<? extends Record> roleFlags, String... args) {
    FlagSet.Parsed parsed = flagSet(roleFlags).parse(args);
    if (parsed.helpRequested() || parsed.versionRequested()) {
      throw new FlagException("--help and --version are for the command line only");
    }
    return start(role, application, parsed);
  }

  private static FlagSet flagSet(Class<? extends Record> roleFlags) {
    return roleFlags == null ? FlagSet.of(CommonFlags.class) : FlagSet.of(CommonFlags.class, roleFlags);
  }

  private static RunningRole start(String role, Class<?> application, FlagSet.Parsed parsed) {
    CommonFlags common = parsed.get(CommonFlags.class);
    // Our Logback set-up replaces Spring Boot's; this property stops Boot from resetting it.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    LogSetup.configure(common.logLevel(), common.logFormat());
    for (String warning : parsed.deprecations()) {
      log.warn(warning);
    }
    SpringApplication app = new SpringApplication(application);
    app.addInitializers(ctx -> {
      ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("thanosjFlags", springProperties(common)));
      var beans = ctx.getBeanFactory();
      beans.registerSingleton("thanosComponent", new ThanosComponent(role));
      parsed.records().forEach((type, record) -> beans.registerSingleton(beanName(type), record));
    });
    log.atInfo().addKeyValue("component", role).log("starting ThanosJ");
    ConfigurableApplicationContext ctx = app.run();
    RunningRole running = new RunningRole(ctx);
    log.atInfo()
        .addKeyValue("component", role)
        .addKeyValue("http", common.httpAddress().host() + ":" + running.httpPort())
        .addKeyValue("grpc", common.grpcAddress().host() + ":" + running.grpcPort())
        .log("started ThanosJ");
    return running;
  }

  private static String beanName(Class<?> type) {
    String s = type.getSimpleName();
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** What the common flags mean to Spring Boot and to net.devh's gRPC server. */
  static Map<String, Object> springProperties(CommonFlags f) {
    Map<String, Object> p = new HashMap<>();
    p.put("server.address", f.httpAddress().bindHost());
    p.put("server.port", f.httpAddress().port());
    p.put("server.shutdown", "graceful");
    p.put("spring.lifecycle.timeout-per-shutdown-phase", millis(f.httpGracePeriod()));
    p.put("grpc.server.address", f.grpcAddress().bindHost());
    p.put("grpc.server.port", f.grpcAddress().port());
    p.put("grpc.server.shutdown-grace-period", millis(f.grpcGracePeriod()));
    return p;
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
