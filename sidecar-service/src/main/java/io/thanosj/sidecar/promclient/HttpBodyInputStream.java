package io.thanosj.sidecar.promclient;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The read side of one HTTP/1.1 connection: first the status line and header lines, then the
 * response body with its framing removed (chunked transfer coding, Content-Length, or "until the
 * server closes"). One buffer serves both; a read of at least {@link #DIRECT_READ_BYTES} while the
 * buffer is empty goes straight from the socket into the caller's array, so a large remote-read
 * frame is copied once. Not thread-safe, except {@link #close()}, which may be called from any
 * thread and makes a read blocked on the socket fail at once.
 */
final class HttpBodyInputStream extends InputStream {

  /** The wait before reading again after a short read, for a remote read; see {@link #socketRead}. */
  static final long REMOTE_READ_COALESCE_NANOS = 1_000_000;

  /** Reads at least this large bypass the buffer when it is empty. */
  static final int DIRECT_READ_BYTES = 16 * 1024;

  private static final int BUFFER_BYTES = 64 * 1024;
  /** A read that returned less than this found the connection drained. */
  private static final int SHORT_READ_BYTES = 8 * 1024;
  /** Longest status, header, chunk-size or trailer line accepted. */
  private static final int MAX_LINE_BYTES = 16 * 1024;
  /** A chunk size beyond this is not a size a server means (and would overflow a long). */
  private static final int MAX_CHUNK_SIZE_DIGITS = 15;

  private enum Framing { CHUNKED, LENGTH, UNTIL_CLOSE }

  private final InputStream in;
  private final Closeable connection;
  private final String source;
  private final long coalesceNanos;
  private int lastRead = Integer.MAX_VALUE;
  private final byte[] buf = new byte[BUFFER_BYTES];
  private final byte[] one = new byte[1];
  private int pos;
  private int lim;

  private Framing framing;
  /** Bytes left in the current chunk, of the Content-Length, or Long.MAX_VALUE until close. */
  private long remaining;
  /** Size of the current chunk, for error messages. */
  private long chunkSize;
  private boolean inChunk;
  private boolean ended;
  private long bodyBytes;
  private volatile boolean closed;

  /**
   * @param in the connection's input
   * @param connection closed by {@link #close()}: closing the socket aborts the transfer
   * @param source names the request in error messages, e.g. {@code POST http://p:9090/api/v1/read}
   * @param coalesceNanos how long to wait before reading again after a short read; 0 never waits
   */
  HttpBodyInputStream(InputStream in, Closeable connection, String source, long coalesceNanos) {
    this.in = in;
    this.connection = connection;
    this.source = source;
    this.coalesceNanos = coalesceNanos;
  }

  /** A header-section line without its line ending (ISO-8859-1), or null if the connection ends first. */
  String readHeaderLine() throws IOException {
    return readLine(true);
  }

  /** Body with chunked transfer coding (RFC 9112 section 7.1); chunk extensions and trailers are skipped. */
  void startChunked() {
    framing = Framing.CHUNKED;
    remaining = 0;
  }

  /** Body of exactly {@code length} bytes. */
  void startLength(long length) {
    framing = Framing.LENGTH;
    remaining = length;
    ended = length == 0;
  }

  /** Body that ends when the server closes the connection. */
  void startUntilClose() {
    framing = Framing.UNTIL_CLOSE;
    remaining = Long.MAX_VALUE;
  }

  /** Body bytes delivered so far. */
  long bodyBytes() {
    return bodyBytes;
  }

  @Override
  public int read() throws IOException {
    if (pos < lim && remaining > 0) {
      remaining--;
      bodyBytes++;
      return buf[pos++] & 0xff;
    }
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException(source + ": response body already closed");
    }
    if (len == 0) {
      return 0;
    }
    if (remaining == 0 && !advanceChunk()) {
      return -1;
    }
    int want = (int) Math.min(len, remaining);
    int n;
    if (pos < lim) {
      n = Math.min(want, lim - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
    } else if (want >= DIRECT_READ_BYTES) {
      n = socketRead(b, off, want);
    } else {
      n = fill() ? Math.min(want, lim - pos) : -1;
      if (n > 0) {
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
      }
    }
    if (n < 0) {
      return endOfConnection();
    }
    remaining -= n;
    bodyBytes += n;
    if (remaining == 0 && framing == Framing.LENGTH) {
      ended = true;
    }
    return n;
  }

  @Override
  public int available() {
    return remaining > 0 ? (int) Math.min(lim - pos, remaining) : 0;
  }

  /** Aborts the transfer by closing the connection; safe from any thread, idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    connection.close();
  }

  /** The connection ended while {@link #remaining} > 0: fine only for a close-delimited body. */
  private int endOfConnection() throws IOException {
    return switch (framing) {
      case UNTIL_CLOSE -> {
        ended = true;
        remaining = 0;
        yield -1;
      }
      case LENGTH -> throw new EOFException(source + ": response body truncated: the connection ended after "
          + bodyBytes + " of " + (bodyBytes + remaining) + " bytes (Content-Length)");
      case CHUNKED -> throw new EOFException(source + ": chunked response body truncated: the connection ended after "
          + (chunkSize - remaining) + " of the " + chunkSize + " bytes of a chunk, " + bodyBytes + " body bytes in");
    };
  }

  /**
   * At the end of the current chunk (or Content-Length), moves to the next chunk; false when the
   * body has ended cleanly (last chunk and trailers read, or all Content-Length bytes read).
   * Prometheus flushes every remote-read frame as a chunk of its own (about 900 bytes for a
   * series of 2 h), so this runs once per frame and parses in the buffer, without a String.
   */
  private boolean advanceChunk() throws IOException {
    if (ended || framing != Framing.CHUNKED) {
      return false;
    }
    if (inChunk) {
      int nl = lineEnd(false);
      if (nl < 0) {
        throw truncatedChunked("before the line end that follows a chunk's data");
      }
      if (contentEnd(nl) != pos) {
        throw new IOException(source + ": malformed chunked response body: chunk of " + chunkSize
            + " bytes is followed by \"" + printable(lineText(nl)) + "\" instead of a line end, " + bodyBytes + " body bytes in");
      }
      pos = nl + 1;
      inChunk = false;
    }
    int nl = lineEnd(false);
    if (nl < 0) {
      throw truncatedChunked("before the next chunk-size line");
    }
    long size = parseChunkSize(nl);
    pos = nl + 1;
    if (size == 0) {
      // Last chunk: trailer fields up to an empty line. We use none of them.
      String trailer;
      while ((trailer = readLine(false)) != null && !trailer.isEmpty()) {
        // skip
      }
      if (trailer == null) {
        throw truncatedChunked("inside the trailer section after the last chunk");
      }
      ended = true;
      return false;
    }
    chunkSize = size;
    remaining = size;
    inChunk = true;
    return true;
  }

  /** The chunk size at the start of the line {@code buf[pos, nl)}; extensions after ';' are skipped. */
  private long parseChunkSize(int nl) throws IOException {
    int end = contentEnd(nl);
    long size = 0;
    int digits = 0;
    for (int i = pos; i < end; i++) {
      byte c = buf[i];
      if (c == ';' || c == ' ' || c == '\t') {
        break; // chunk extensions (and whitespace before them) carry nothing we use
      }
      int d = Character.digit(c, 16);
      if (d < 0 || ++digits > MAX_CHUNK_SIZE_DIGITS) {
        throw badChunkSize(lineText(nl));
      }
      size = size << 4 | d;
    }
    if (digits == 0) {
      throw badChunkSize(lineText(nl));
    }
    return size;
  }

  private IOException badChunkSize(String line) {
    return new IOException(source + ": malformed chunked response body: invalid chunk-size line \""
        + printable(line) + "\", " + bodyBytes + " body bytes in");
  }

  private EOFException truncatedChunked(String where) {
    return new EOFException(source + ": chunked response body truncated: the connection ended " + where
        + ", " + bodyBytes + " body bytes in (no last chunk)");
  }

  /**
   * One line ending in LF (a CR before it is dropped), or null if the connection ends before any
   * byte of it; a connection that ends inside a line is an EOFException.
   */
  private String readLine(boolean header) throws IOException {
    int nl = lineEnd(header);
    if (nl < 0) {
      return null;
    }
    String line = lineText(nl);
    pos = nl + 1;
    return line;
  }

  /** The line {@code buf[pos, nl)} without its line ending, as text. */
  private String lineText(int nl) {
    return new String(buf, pos, contentEnd(nl) - pos, StandardCharsets.ISO_8859_1);
  }

  /** Where the line that ends with the LF at {@code nl} ends without its CR. */
  private int contentEnd(int nl) {
    return nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
  }

  /**
   * Reads until the buffer holds a whole line from {@code pos}; returns the index of its LF, or -1
   * if the connection ends before any byte of the line.
   */
  private int lineEnd(boolean header) throws IOException {
    if (pos == lim) {
      pos = 0;
      lim = 0;
    }
    int start = pos;
    while (true) {
      for (int i = start; i < lim; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      int have = lim - pos;
      if (have >= MAX_LINE_BYTES) {
        throw new IOException(source + ": " + (header ? "response header" : "chunked body") + " line longer than " + MAX_LINE_BYTES + " bytes");
      }
      start = lim;
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, have);
        start -= pos;
        lim = have;
        pos = 0;
      }
      int n = socketRead(buf, lim, buf.length - lim);
      if (n < 0) {
        if (lim == pos) {
          return -1;
        }
        throw header
            ? new EOFException(source + ": the connection ended inside a response header line")
            : truncatedChunked("inside a chunk-size, chunk-end or trailer line");
      }
      lim += n;
    }
  }

  /**
   * A read from the connection, after a short wait if the previous one found little. Prometheus
   * flushes each remote-read frame on its own (about 900 bytes), so a reader that keeps up wakes
   * for every one or two frames: some 4,500 reads and as many context switches for a 9 MB body, most
   * of the reading CPU. Waiting {@link #coalesceNanos} when we have drained the connection lets the
   * next read take up to a buffer's worth at once (about 200 reads for the same body, a third of
   * the CPU). A producer faster than us never triggers the wait; a slower one is slowed by at most
   * one wait per read, which is far below its own pace.
   */
  private int socketRead(byte[] b, int off, int len) throws IOException {
    if (lastRead < SHORT_READ_BYTES && coalesceNanos > 0) {
      LockSupport.parkNanos(coalesceNanos);
    }
    int n = in.read(b, off, len);
    lastRead = n;
    return n;
  }

  /** Refills the (empty) buffer; false at the end of the connection. */
  private boolean fill() throws IOException {
    pos = 0;
    lim = 0;
    int n = socketRead(buf, 0, buf.length);
    if (n < 0) {
      return false;
    }
    lim = n;
    return true;
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
