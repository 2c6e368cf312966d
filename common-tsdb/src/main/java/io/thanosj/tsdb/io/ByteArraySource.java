package io.thanosj.tsdb.io;

import java.nio.ByteBuffer;

/** A file held in memory: test data, a fetched byte range, an index header built on the fly. */
public final class ByteArraySource implements ByteSource {

  private final String name;
  private final byte[] bytes;

  public ByteArraySource(String name, byte[] bytes) {
    this.name = name;
    this.bytes = bytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public ByteBuffer read(long offset, int length) {
    Ranges.check(name, size(), offset, length);
    return ByteBuffer.wrap(bytes, (int) offset, length).slice();
  }

  @Override
  public void close() {}
}
