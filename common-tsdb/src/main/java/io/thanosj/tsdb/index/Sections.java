package io.thanosj.tsdb.index;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.io.ByteSource;

/**
 * Reads the framing most index sections share: a BE32 length, that many body bytes, and a CRC32C of
 * the body. The returned buffer covers just the body and has been checksum-verified.
 */
public final class Sections {

  private Sections() {}

  public static DecodeBuffer read(ByteSource src, long offset, String what) {
    if (offset < 0 || offset > src.size() - 4) {
      throw new CorruptBlockException(src.name(), offset, what + " length field lies outside the file");
    }
    int len = new DecodeBuffer(src.read(offset, 4), src.name(), offset).be32Length(what + " length");
    if (len > src.size() - offset - 8) {
      throw new CorruptBlockException(
          src.name(), offset, what + " of " + len + " bytes runs past the end of the " + src.size() + "-byte file");
    }
    DecodeBuffer d = new DecodeBuffer(src.read(offset + 4, len + 4), src.name(), offset + 4);
    d.position(len);
    d.checkCrc(0, what);
    return d.sub(0, len);
  }
}
