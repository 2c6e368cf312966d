package io.thanosj.tsdb.querier;

import io.thanosj.chunk.ChunkEncoding;

/**
 * A chunk cannot be decoded into float samples: native histogram chunks (decoding arrives with
 * native histogram support), Thanos' aggregated chunks of downsampled blocks, or an encoding this
 * version does not know. The chunk bytes themselves are still served as they are on the StoreAPI path.
 */
public final class UnsupportedChunkEncodingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int encoding;

  public UnsupportedChunkEncodingException(String file, long offset, int encoding) {
    super(file + ": chunk at offset " + offset + " has encoding " + ChunkEncoding.name(encoding)
        + ", which cannot be decoded into float samples");
    this.encoding = encoding;
  }

  public int encoding() {
    return encoding;
  }
}
