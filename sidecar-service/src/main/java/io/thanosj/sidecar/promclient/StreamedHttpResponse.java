package io.thanosj.sidecar.promclient;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * A response whose body is still on the wire, from {@link HttpPost}. The caller owns it: reading
 * the body pulls bytes from the connection, and {@link #close()} (from any thread) aborts the
 * transfer, which also makes a read blocked in another thread fail at once.
 */
public final class StreamedHttpResponse implements Closeable {

  private final int status;
  private final Map<String, String> headers;
  private final HttpBodyInputStream body;

  StreamedHttpResponse(int status, Map<String, String> headers, HttpBodyInputStream body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The header's value (repeated fields joined with ", "), or "" when absent; names are case-insensitive. */
  public String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  /** The body without its transfer framing; a body cut short by the server is an IOException, never a clean end. */
  public InputStream body() {
    return body;
  }

  /** Body bytes read so far. */
  public long bodyBytes() {
    return body.bodyBytes();
  }

  /** Closes the connection: aborts the transfer if the body was not read to its end. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // Closing a socket that is already broken changes nothing for the caller.
    }
  }
}
