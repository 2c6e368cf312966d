package io.thanosj.service.flags;

/** Values of {@code --log.format}, as in Thanos. */
public enum LogFormat {
  LOGFMT,
  JSON
}
