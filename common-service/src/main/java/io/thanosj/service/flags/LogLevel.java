package io.thanosj.service.flags;

/** Values of {@code --log.level}, as in Thanos. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR
}
