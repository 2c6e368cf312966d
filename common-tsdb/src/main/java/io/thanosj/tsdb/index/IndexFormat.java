package io.thanosj.tsdb.index;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;

/** Constants of Prometheus' index file format and the header check. */
public final class IndexFormat {

  public static final int MAGIC = 0xBAAAD700;
  public static final int HEADER_SIZE = 5;
  /** Version 2 is what every Prometheus writes; 2.55+ also read 3, which is laid out the same way. */
  public static final int V2 = 2;
  public static final int V3 = 3;

  /** Series entries start on 16-byte boundaries; a series reference is its offset divided by 16. */
  public static final int SERIES_ALIGNMENT = 16;

  /** Postings lists and label indices start on 4-byte boundaries. */
  public static final int POSTINGS_ALIGNMENT = 4;

  /** Name and value of the postings list that holds every series. */
  public static final String ALL_POSTINGS_NAME = "";
  public static final String ALL_POSTINGS_VALUE = "";

  private IndexFormat() {}

  /** Checks magic and version; returns the version. */
  public static int checkHeader(ByteSource index) {
    if (index.size() < HEADER_SIZE) {
      throw new CorruptBlockException(index.name(), 0, "index of " + index.size() + " bytes has no header");
    }
    ByteBuffer h = index.read(0, HEADER_SIZE);
    int magic = h.getInt(0);
    if (magic != MAGIC) {
      throw new CorruptBlockException(
          index.name(), 0, String.format("wrong index magic %08x, want %08x", magic, MAGIC));
    }
    int version = h.get(4) & 0xFF;
    if (version != V2 && version != V3) {
      throw new CorruptBlockException(
          index.name(), 4, "unsupported index format version " + version + " (want 2)");
    }
    return version;
  }
}
