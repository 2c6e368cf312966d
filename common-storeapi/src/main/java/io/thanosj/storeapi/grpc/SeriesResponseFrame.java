package io.thanosj.storeapi.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One {@code thanos.SeriesResponse} already in its wire form: {@code bytes[offset, offset + length)}.
 * The Series RPC sends these instead of {@link io.thanosj.storeapi.proto.SeriesResponse} objects so
 * that {@link SeriesStream} can copy series that a store holds encoded (the sidecar's remote-read
 * series) straight into the response, and encode all other series with protobuf as before. Peers
 * see the same bytes either way.
 */
record SeriesResponseFrame(byte[] bytes, int offset, int length) {

  static SeriesResponseFrame of(byte[] bytes) {
    return new SeriesResponseFrame(bytes, 0, bytes.length);
  }

  /** Writes frames as they are; reads a frame's bytes (only a client of this descriptor would). */
  static final MethodDescriptor.Marshaller<SeriesResponseFrame> MARSHALLER = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(SeriesResponseFrame frame) {
      return new FrameStream(frame);
    }

    @Override
    public SeriesResponseFrame parse(InputStream stream) {
      try {
        return of(stream.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("reading a SeriesResponse", e);
      }
    }
  };

  /** Known length and drainable: grpc-java then copies the bytes once into its transport buffers. */
  private static final class FrameStream extends ByteArrayInputStream implements KnownLength, Drainable {
    FrameStream(SeriesResponseFrame frame) {
      super(frame.bytes, frame.offset, frame.length);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
