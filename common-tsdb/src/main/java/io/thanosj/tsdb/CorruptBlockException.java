package io.thanosj.tsdb;

/**
 * Block data that cannot be what it claims to be: a wrong magic number, a checksum mismatch, a length
 * that runs past the end of its file, an impossible reference. Names the file (relative to the block
 * when known) and the absolute byte offset where the problem was found, so an operator can look.
 */
public final class CorruptBlockException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;

  public CorruptBlockException(String file, long offset, String detail) {
    this(file, offset, detail, null);
  }

  public CorruptBlockException(String file, long offset, String detail, Throwable cause) {
    super(file + ": corrupt at offset " + offset + ": " + detail, cause);
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
