package io.thanosj.tsdb.io;

import io.thanosj.tsdb.CorruptBlockException;

/** Range validation shared by the {@link ByteSource} implementations. */
public final class Ranges {

  private Ranges() {}

  /** Throws unless {@code [offset, offset + length)} lies inside a file of {@code size} bytes. */
  public static void check(String name, long size, long offset, long length) {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new CorruptBlockException(
          name,
          offset,
          "read of " + length + " bytes runs past the end of the " + size + "-byte file");
    }
  }
}
