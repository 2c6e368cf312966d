package io.thanosj.sidecar.remoteread;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
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
 * <p>Each frame gets its own byte array and the decoded message aliases it, so chunk bytes are
 * copied exactly once, from the socket into that array, and then passed through to the StoreAPI
 * response without re-encoding.
 */
public final class ChunkedFrameReader implements AutoCloseable {

  /** Prometheus' client default ({@code config.DefaultChunkedReadLimit}): 50 MB per frame. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 50_000_000;

  private final InputStream in;
  private final int maxFrameBytes;
  private final CRC32C crc = new CRC32C();
  private long offset;
  private long frames;

  public ChunkedFrameReader(InputStream in, int maxFrameBytes) {
    this.in = in;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The next frame, or null at a clean end of the body (end of stream exactly between frames). */
  public ChunkedReadResponse next() throws IOException {
    long frameStart = offset;
    long length = readUvarint(frameStart);
    if (length < 0) {
      return null;
    }
    if (length > maxFrameBytes) {
      throw new CorruptFrameException(describe(frameStart) + ": frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes", frameStart);
    }
    int expectedCrc = readCrc(frameStart);
    byte[] msg = new byte[(int) length];
    readFully(msg, frameStart, "message of " + length + " bytes");
    crc.reset();
    crc.update(msg, 0, msg.length);
    int actual = (int) crc.getValue();
    if (actual != expectedCrc) {
      throw new CorruptFrameException(String.format(
          "%s: CRC32C mismatch (frame says %08x, message has %08x)", describe(frameStart), expectedCrc, actual), frameStart);
    }
    frames++;
    try {
      // Aliasing needs an input protobuf knows to be immutable; msg is never written again.
      CodedInputStream cis = UnsafeByteOperations.unsafeWrap(msg).newCodedInput();
      cis.enableAliasing(true);
      return ChunkedReadResponse.parseFrom(cis);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFrameException(describe(frameStart) + ": undecodable ChunkedReadResponse: " + e.getMessage(), frameStart, e);
    }
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
    byte[] b = new byte[4];
    readFully(b, frameStart, "CRC32C");
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private void readFully(byte[] buf, long frameStart, String what) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r;
      try {
        r = in.read(buf, n, buf.length - n);
      } catch (EOFException e) {
        r = -1;
      }
      if (r < 0) {
        throw new CorruptFrameException(
            describe(frameStart) + ": body ends after " + n + " of the " + buf.length + " bytes of the " + what, frameStart);
      }
      n += r;
      offset += r;
    }
  }
}
