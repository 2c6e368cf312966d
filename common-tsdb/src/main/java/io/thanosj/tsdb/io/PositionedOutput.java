package io.thanosj.tsdb.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A buffered file output that knows its position, for writers whose format records offsets
 * (index sections, chunk references) and aligns entries with zero padding. {@link #close()} flushes
 * and fsyncs, as Prometheus does before renaming a finished block into place.
 */
public final class PositionedOutput implements AutoCloseable {

  private final Path path;
  private final FileOutputStream file;
  private final OutputStream out;
  private long pos;

  public PositionedOutput(Path path) {
    this.path = path;
    try {
      this.file = new FileOutputStream(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
    this.out = new BufferedOutputStream(file, 1 << 20);
  }

  public Path path() {
    return path;
  }

  public long position() {
    return pos;
  }

  public void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    pos += len;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** Writes zero bytes up to the next multiple of {@code alignment}. */
  public void pad(int alignment) {
    int p = (int) (pos % alignment);
    if (p != 0) {
      write(new byte[alignment - p]);
    }
  }

  @Override
  public void close() {
    try {
      out.flush();
      file.getFD().sync();
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish " + path, e);
    }
  }
}
