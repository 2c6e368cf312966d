package io.thanosj.sidecar.remoteread;

import java.io.IOException;

/**
 * A streamed remote-read body that does not follow the framing (truncated, oversized, CRC
 * mismatch, undecodable message). The message names the frame number and its byte offset in the body.
 */
public final class CorruptFrameException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long offset;

  public CorruptFrameException(String message, long offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  public CorruptFrameException(String message, long offset) {
    this(message, offset, null);
  }

  /** Byte offset in the response body of the frame that failed. */
  public long offset() {
    return offset;
  }
}
