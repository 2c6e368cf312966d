package io.thanosj.sidecar.remoteread;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Reads a streamed remote-read body ({@code application/x-streamed-protobuf;
 * proto=prometheus.ChunkedReadResponse}) one frame at a time: {@code uvarint(len)}, a big-endian
 * CRC32C of the message, then the message. Memory is bounded by one frame; nothing is read ahead.
 *
 * <p>Frames are read into one reused array; whoever reads a frame copies out what it keeps before
 * asking for the next one.
 *
 * <p>The length varint is read a byte at a time, so the stream should be buffered. The sidecar
 * passes the remote-read body as it comes from {@code StreamedHttpResponse}, which is buffered
 * already (and reads large messages straight into this reader's array); a second buffer in
 * between would only copy every byte once more.
 */
public final class ChunkedFrameReader implements AutoCloseable {

  /** Prometheus' client default ({@code config.DefaultChunkedReadLimit}): 50 MB per frame. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 50_000_000;

  private final InputStream in;
  private final int maxFrameBytes;
  private final CRC32C crc = new CRC32C();
  private final byte[] crcBytes = new byte[4];
  private byte[] buffer = new byte[64 * 1024];
  private int messageLength;
  private long messageStart;
  private long offset;
  private long frames;

  public ChunkedFrameReader(InputStream in, int maxFrameBytes) {
    this.in = in;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Reads the next frame and checks its CRC; false at a clean end of the body (end of stream
   * exactly between frames). The message is then in {@link #message()}, valid until the next call:
   * the array is reused, so memory stays at one frame however long the body.
   */
  public boolean advance() throws IOException {
    long frameStart = offset;
    long length = readUvarint(frameStart);
    if (length < 0) {
      return false;
    }
    if (length > maxFrameBytes) {
      throw new CorruptFrameException(describe(frameStart) + ": frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes", frameStart);
    }
    int expectedCrc = readCrc(frameStart);
    int n = (int) length;
    if (buffer.length < n) {
      buffer = new byte[Math.max(n, Math.min(maxFrameBytes, buffer.length * 2))];
    }
    readFully(buffer, n, frameStart, "message of " + length + " bytes");
    crc.reset();
    crc.update(buffer, 0, n);
    int actual = (int) crc.getValue();
    if (actual != expectedCrc) {
      throw new CorruptFrameException(String.format(
          "%s: CRC32C mismatch (frame says %08x, message has %08x)", describe(frameStart), expectedCrc, actual), frameStart);
    }
    frames++;
    messageLength = n;
    messageStart = frameStart;
    return true;
  }

  /** The current frame's message bytes: {@code [0, messageLength())}. */
  public byte[] message() {
    return buffer;
  }

  public int messageLength() {
    return messageLength;
  }

  /** Byte offset in the body where the current frame starts (its length varint). */
  public long frameOffset() {
    return messageStart;
  }

  /** Number of the current frame, counting from 1. */
  public long frameNumber() {
    return frames;
  }

  /**
   * The next frame decoded into protobuf objects, or null at a clean end of the body. The sidecar's
   * Series path reads {@link #message()} with {@link ChunkedSeriesCursor} instead; this is for callers
   * that want the messages themselves.
   */
  public ChunkedReadResponse next() throws IOException {
    if (!advance()) {
      return null;
    }
    try {
      return ChunkedReadResponse.parseFrom(CodedInputStream.newInstance(buffer, 0, messageLength));
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFrameException(describeCurrent() + ": undecodable ChunkedReadResponse: " + e.getMessage(), messageStart, e);
    }
  }

  /** "remote-read frame N at byte offset O" for the current frame, for error messages. */
  public String describeCurrent() {
    return "remote-read frame " + frames + " at byte offset " + messageStart;
  }

  /** Bytes consumed so far. */
  public long offset() {
    return offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private String describe(long frameStart) {
    return "remote-read frame " + (frames + 1) + " at byte offset " + frameStart;
  }

  /** -1 at a clean end of stream before the first byte of a varint. */
  private long readUvarint(long frameStart) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new CorruptFrameException(describe(frameStart) + ": body ends inside the length varint", frameStart);
      }
      offset++;
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new CorruptFrameException(describe(frameStart) + ": length varint longer than 10 bytes", frameStart);
  }

  private int readCrc(long frameStart) throws IOException {
    byte[] b = crcBytes;
    readFully(b, 4, frameStart, "CRC32C");
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private void readFully(byte[] buf, int length, long frameStart, String what) throws IOException {
    int n = 0;
    while (n < length) {
      int r;
      try {
        r = in.read(buf, n, length - n);
      } catch (EOFException e) {
        r = -1;
      }
      if (r < 0) {
        throw new CorruptFrameException(
            describe(frameStart) + ": body ends after " + n + " of the " + length + " bytes of the " + what, frameStart);
      }
      n += r;
      offset += r;
    }
  }
}
