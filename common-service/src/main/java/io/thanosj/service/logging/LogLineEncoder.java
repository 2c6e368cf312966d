package io.thanosj.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one line of key/value fields in go-kit's order: {@code level}, {@code
 * ts} (UTC, millisecond precision), {@code caller} (file:line), {@code msg}, then the event's
 * key/value pairs (SLF4J's {@code addKeyValue}), the MDC, and {@code err} for an exception. A
 * stack trace would break the one-line rule, so exceptions are written as their message chain;
 * enable debug logging of the source for more.
 */
public abstract class LogLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder sb = new StringBuilder(160);
    begin(sb);
    field(sb, "level", level(event.getLevel()));
    field(sb, "ts", TS.format(Instant.ofEpochMilli(event.getTimeStamp())));
    field(sb, "caller", caller(event));
    field(sb, "msg", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        field(sb, kv.key, String.valueOf(kv.value));
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((k, v) -> field(sb, k, v));
    }
    if (event.getThrowableProxy() != null) {
      field(sb, "err", errorChain(event.getThrowableProxy()));
    }
    end(sb);
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Starts a line (e.g. an opening brace). */
  protected abstract void begin(StringBuilder sb);

  /** Appends one field, with whatever separator and escaping the format needs. */
  protected abstract void field(StringBuilder sb, String key, String value);

  /** Ends a line. */
  protected abstract void end(StringBuilder sb);

  private static String level(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "error";
      case Level.WARN_INT -> "warn";
      case Level.INFO_INT -> "info";
      default -> "debug";
    };
  }

  private static String caller(ILoggingEvent event) {
    StackTraceElement[] data = event.getCallerData();
    if (data == null || data.length == 0 || data[0].getFileName() == null) {
      String name = event.getLoggerName();
      return name.substring(name.lastIndexOf('.') + 1);
    }
    return data[0].getFileName() + ":" + data[0].getLineNumber();
  }

  private static String errorChain(IThrowableProxy t) {
    StringBuilder sb = new StringBuilder();
    for (IThrowableProxy p = t; p != null; p = p.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      String simpleName = p.getClassName().substring(p.getClassName().lastIndexOf('.') + 1);
      sb.append(p.getMessage() == null ? simpleName : simpleName + ": " + p.getMessage());
      if (p.getCause() == p) {
        break;
      }
    }
    return sb.toString();
  }
}
