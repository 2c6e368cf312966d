package io.thanosj.tsdb.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory mapping of a local file. A single {@link MappedByteBuffer} cannot exceed 2 GiB,
 * so larger files (chunk segments may be up to 4 GiB with a raised limit, indexes up to 64 GiB) are
 * mapped in windows; a read that fits in one window is a zero-copy slice, one that straddles two
 * windows is copied. Mappings are released by the garbage collector after {@link #close()}.
 */
public final class MappedFileSource implements ByteSource {

  static final int DEFAULT_WINDOW = 1 << 30;

  private final String name;
  private final long size;
  private final int window;
  private final MappedByteBuffer[] windows;

  private MappedFileSource(String name, long size, int window, MappedByteBuffer[] windows) {
    this.name = name;
    this.size = size;
    this.window = window;
    this.windows = windows;
  }

  /** Maps {@code file}; {@code name} is what error messages call it. */
  public static MappedFileSource open(Path file, String name) {
    return open(file, name, DEFAULT_WINDOW);
  }

  static MappedFileSource open(Path file, String name, int window) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) ((size + window - 1) / window);
      MappedByteBuffer[] ws = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long start = (long) i * window;
        ws[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(window, size - start));
      }
      return new MappedFileSource(name, size, window, ws);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file, e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public ByteBuffer read(long offset, int length) {
    Ranges.check(name, size, offset, length);
    int w = (int) (offset / window);
    int inWindow = (int) (offset - (long) w * window);
    if (length == 0) {
      return ByteBuffer.allocate(0);
    }
    if (inWindow + (long) length <= windows[w].capacity()) {
      return windows[w].slice(inWindow, length);
    }
    ByteBuffer copy = ByteBuffer.allocate(length);
    long pos = offset;
    while (copy.hasRemaining()) {
      int wi = (int) (pos / window);
      int from = (int) (pos - (long) wi * window);
      int n = Math.min(copy.remaining(), windows[wi].capacity() - from);
      copy.put(windows[wi].slice(from, n));
      pos += n;
    }
    return copy.flip();
  }

  @Override
  public void close() {
    // MappedByteBuffers are unmapped when collected; Java offers no safe explicit unmap.
  }
}
