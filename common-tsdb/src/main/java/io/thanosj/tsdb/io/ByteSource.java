package io.thanosj.tsdb.io;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * Random access to the bytes of one file: "the bytes at [offset, offset + length)". The TSDB
 * decoders only ever ask for ranges, so the same readers work over a memory-mapped local file
 * ({@link MappedFileSource}), bytes already in memory ({@link ByteArraySource}), or a store gateway's
 * cached range reads from object storage.
 *
 * <p>Implementations are safe for concurrent reads. A range outside the file raises {@link
 * io.thanosj.tsdb.CorruptBlockException} (a reference into nowhere means the referring data is
 * corrupt or the file truncated); a failing device or network raises {@link
 * java.io.UncheckedIOException}.
 */
public interface ByteSource extends Closeable {

  /** The file's name for messages, e.g. {@code 01H…/index} or {@code chunks/000001}. */
  String name();

  long size();

  /**
   * The requested bytes as a big-endian buffer whose position is 0 and limit {@code length}. The
   * caller must not write to it; it may share memory with the file mapping or a cache.
   */
  ByteBuffer read(long offset, int length);

  @Override
  void close();
}
