package io.thanosj.tsdb.tombstones;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.encoding.EncodeBuffer;
import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A block's {@code tombstones} file: deleted time ranges per series reference. Layout: {@code BE32
 * 0x0130BA30 | format byte 1 | (uvarint seriesRef, varint mint, varint maxt)* | BE32 CRC32C of the
 * entries only}. An empty file is 9 bytes. Blocks downloaded from object storage have no file at
 * all (Thanos does not upload it), which reads as {@link #EMPTY}.
 */
public final class Tombstones {

  public static final int MAGIC = 0x0130BA30;
  public static final int FORMAT = 1;
  public static final String FILE_NAME = "tombstones";

  public static final Tombstones EMPTY = new Tombstones(new TreeMap<>());

  private final TreeMap<Long, Intervals> bySeries;

  private Tombstones(TreeMap<Long, Intervals> bySeries) {
    this.bySeries = bySeries;
  }

  /** Deleted intervals of series {@code ref}; {@link Intervals#NONE} when nothing was deleted. */
  public Intervals get(long ref) {
    Intervals in = bySeries.get(ref);
    return in == null ? Intervals.NONE : in;
  }

  public boolean isEmpty() {
    return bySeries.isEmpty();
  }

  /** Total number of intervals, as meta.json's {@code stats.numTombstones} counts them. */
  public long intervalCount() {
    long n = 0;
    for (Intervals in : bySeries.values()) {
      n += in.size();
    }
    return n;
  }

  public Map<Long, Intervals> asMap() {
    return Collections.unmodifiableMap(bySeries);
  }

  /** A copy with {@code [mint, maxt]} deleted from series {@code ref}. */
  public Tombstones with(long ref, long mint, long maxt) {
    TreeMap<Long, Intervals> m = new TreeMap<>(bySeries);
    m.put(ref, get(ref).add(mint, maxt));
    return new Tombstones(m);
  }

  public static Tombstones read(ByteSource src) {
    long size = src.size();
    if (size < 9) {
      throw new CorruptBlockException(src.name(), 0, "tombstones file of " + size + " bytes is too short");
    }
    if (size > Integer.MAX_VALUE) {
      throw new CorruptBlockException(src.name(), 0, "tombstones file of " + size + " bytes is too large");
    }
    ByteBuffer b = src.read(0, (int) size);
    DecodeBuffer d = new DecodeBuffer(b, src.name(), 0);
    int magic = d.be32();
    if (magic != MAGIC) {
      throw d.corruptAt(0, String.format("wrong tombstones magic %08x, want %08x", magic, MAGIC));
    }
    int format = d.u8();
    if (format != FORMAT) {
      throw d.corruptAt(4, "unsupported tombstones format " + format);
    }
    DecodeBuffer crc = d.at((int) size - 4);
    crc.checkCrc(5, "tombstones");
    DecodeBuffer entries = d.sub(5, (int) size - 9);
    TreeMap<Long, Intervals> m = new TreeMap<>();
    while (entries.remaining() > 0) {
      long at = entries.offset();
      long ref = entries.uvarint();
      long mint = entries.varint();
      long maxt = entries.varint();
      if (maxt < mint) {
        throw entries.corruptAt(at, "tombstone interval [" + mint + ", " + maxt + "] is empty");
      }
      Intervals prev = m.get(ref);
      m.put(ref, (prev == null ? Intervals.NONE : prev).add(mint, maxt));
    }
    return new Tombstones(m);
  }

  /** The file's bytes. */
  public byte[] encode() {
    EncodeBuffer e = new EncodeBuffer(64);
    e.be32(MAGIC).u8(FORMAT);
    for (Map.Entry<Long, Intervals> en : bySeries.entrySet()) {
      Intervals in = en.getValue();
      for (int i = 0; i < in.size(); i++) {
        e.uvarint(en.getKey()).varint(in.mint(i)).varint(in.maxt(i));
      }
    }
    e.be32(e.crc32c(5));
    return e.toByteArray();
  }
}
