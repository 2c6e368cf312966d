package io.thanosj.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class LogLineEncoderTest {

  private static LoggingEvent event(Level level, String msg, Throwable t) {
    LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    LoggingEvent e = new LoggingEvent("io.thanosj.Foo", ctx.getLogger("io.thanosj.Foo"), level, msg, t, null);
    e.setTimeStamp(1_700_000_000_123L);
    e.setCallerData(new StackTraceElement[] {new StackTraceElement("io.thanosj.Foo", "bar", "Foo.java", 42)});
    e.setKeyValuePairs(List.of(new KeyValuePair("endpoint", "10.0.0.1:10901"), new KeyValuePair("query", "up{job=\"a b\"}")));
    return e;
  }

  private static String encode(LogLineEncoder enc, LoggingEvent e) {
    return new String(enc.encode(e), StandardCharsets.UTF_8);
  }

  @Test
  void logfmtIsOneLineInGoKitFieldOrderWithQuotingOnlyWhereNeeded() {
    String line = encode(new LogfmtEncoder(), event(Level.INFO, "adding new store", null));
    assertThat(line).isEqualTo(
        "level=info ts=2023-11-14T22:13:20.123Z caller=Foo.java:42 msg=\"adding new store\" "
            + "endpoint=10.0.0.1:10901 query=\"up{job=\\\"a b\\\"}\"\n");
  }

  @Test
  void exceptionsAndNewlinesStayOnOneLine() {
    Exception e = new IllegalStateException("read failed", new java.io.IOException("connection reset\nby peer"));
    String line = encode(new LogfmtEncoder(), event(Level.WARN, "multi\nline", e));
    assertThat(line).endsWith("err=\"IllegalStateException: read failed: IOException: connection reset\\nby peer\"\n");
    assertThat(line).startsWith("level=warn ").contains("msg=\"multi\\nline\"");
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
  }

  @Test
  void jsonHasTheSameFields() {
    String line = encode(new JsonLogEncoder(), event(Level.DEBUG, "x \"y\"", null));
    assertThat(line).isEqualTo(
        "{\"level\":\"debug\",\"ts\":\"2023-11-14T22:13:20.123Z\",\"caller\":\"Foo.java:42\",\"msg\":\"x \\\"y\\\"\","
            + "\"endpoint\":\"10.0.0.1:10901\",\"query\":\"up{job=\\\"a b\\\"}\"}\n");
  }
}
