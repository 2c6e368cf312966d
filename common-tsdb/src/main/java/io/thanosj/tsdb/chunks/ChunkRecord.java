package io.thanosj.tsdb.chunks;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.encoding.EncodeBuffer;

/**
 * Decoding of one chunk record in a segment file: {@code uvarint len | encoding byte | len data bytes
 * | CRC32C(encoding ‖ data)}. Stateless; works on any slice that starts at a record, so a store
 * gateway can decode records from byte ranges it fetched itself.
 */
public final class ChunkRecord {

  private ChunkRecord() {}

  /** Decodes the record at the cursor, verifying its checksum, and moves past it. */
  public static EncodedChunk decode(DecodeBuffer d) {
    long at = d.offset();
    int len = d.uvarintInt("chunk data length");
    int encAt = d.position();
    if (len > d.remaining() - 5) {
      throw d.corruptAt(at, "chunk of " + len + " bytes runs past the end (" + d.remaining() + " bytes remain)");
    }
    int encoding = d.u8();
    int dataAt = d.position();
    d.skip(len);
    d.checkCrc(encAt, "chunk");
    if (encoding == ChunkEncoding.NONE) {
      throw d.corruptAt(at, "chunk has encoding 0 (none)");
    }
    return new EncodedChunk(encoding, d.buffer().slice(dataAt, len));
  }

  /** Bytes a record with {@code dataLength} bytes of data occupies. */
  public static int size(int dataLength) {
    return EncodeBuffer.uvarintSize(dataLength) + 1 + dataLength + 4;
  }
}
