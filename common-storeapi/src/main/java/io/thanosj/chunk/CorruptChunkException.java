package io.thanosj.chunk;

/**
 * A chunk's bytes do not decode: the declared sample count needs more bits than the chunk holds, a
 * value window is impossible, a varint overflows. The offset is relative to the start of the chunk
 * data; readers that know the file wrap this in an exception naming file and absolute offset.
 */
public final class CorruptChunkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long byteOffset;

  public CorruptChunkException(String detail, long byteOffset) {
    super(detail + " (at byte " + byteOffset + " of the chunk data)");
    this.byteOffset = byteOffset;
  }

  /** Offset within the chunk data where decoding failed. */
  public long byteOffset() {
    return byteOffset;
  }
}
