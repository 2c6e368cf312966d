package io.thanosj.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.thanosj.service.flags.LogFormat;
import io.thanosj.service.flags.LogLevel;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from {@code --log.level} and {@code --log.format}: one line per event on
 * stderr (where Thanos logs too), in logfmt or JSON. Spring Boot's own logging set-up is switched
 * off by the caller so that it does not replace this.
 */
public final class LogSetup {

  /** Libraries whose info-level chatter Thanos users would not expect; they still log warnings. */
  private static final String[] QUIET_AT_INFO = {
    "org.springframework", "org.apache", "net.devh", "io.grpc", "io.netty", "org.hibernate.validator"
  };

  private LogSetup() {}

  public static void configure(LogLevel level, LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return; // another SLF4J backend: leave it as its owner configured it
    }
    ctx.reset();
    LogLineEncoder encoder = format == LogFormat.JSON ? new JsonLogEncoder() : new LogfmtEncoder();
    encoder.setContext(ctx);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setName("thanosj");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(toLogback(level));
    if (level != LogLevel.DEBUG) {
      for (String name : QUIET_AT_INFO) {
        ctx.getLogger(name).setLevel(level == LogLevel.ERROR ? Level.ERROR : Level.WARN);
      }
    }
  }

  private static Level toLogback(LogLevel level) {
    return switch (level) {
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
    };
  }
}
