package io.thanosj.chunk;

/**
 * Chunk encodings and the three numberings they travel under. Prometheus' TSDB writes one byte per
 * chunk record on disk (XOR = 1, histogram = 2, float histogram = 3); Thanos adds 0xFF for its
 * downsampled aggregate chunks. StoreAPI's {@code Chunk.Encoding} counts from XOR = 0, while
 * Prometheus' remote-read {@code prompb.Chunk.Encoding} uses the on-disk numbers again. Translate at
 * each boundary with the methods here, never by arithmetic scattered through the code.
 */
public final class ChunkEncoding {

  /** Invalid on disk: Prometheus never writes it and rejects it on read. */
  public static final int NONE = 0;

  public static final int XOR = 1;
  public static final int HISTOGRAM = 2;
  public static final int FLOAT_HISTOGRAM = 3;

  /** Thanos' downsampled chunk (count, sum, min, max, counter sub-chunks); stock Prometheus cannot read it. */
  public static final int AGGREGATED = 0xFF;

  /**
   * Marks an out-of-order head chunk. It appears only in head chunk files, never in blocks, so a
   * block reader treats it as unknown.
   */
  public static final int OUT_OF_ORDER_FLAG = 0x80;

  private ChunkEncoding() {}

  /** Whether a block reader may hand chunks of this on-disk encoding to its callers. */
  public static boolean isKnown(int tsdbByte) {
    return tsdbByte == XOR
        || tsdbByte == HISTOGRAM
        || tsdbByte == FLOAT_HISTOGRAM
        || tsdbByte == AGGREGATED;
  }

  /** Human-readable name for messages: "XOR", "histogram", …, or "unknown(0x42)". */
  public static String name(int tsdbByte) {
    return switch (tsdbByte) {
      case XOR -> "XOR";
      case HISTOGRAM -> "histogram";
      case FLOAT_HISTOGRAM -> "float histogram";
      case AGGREGATED -> "aggregated";
      default -> String.format("unknown(0x%02x)", tsdbByte);
    };
  }

  /**
   * StoreAPI {@code Chunk.Encoding} number for a raw (not aggregated) on-disk encoding.
   *
   * @throws IllegalArgumentException for {@link #AGGREGATED} (which travels as an {@code AggrChunk}
   *     split into sub-chunks, each with its own raw encoding) and unknown bytes
   */
  public static int toStoreApi(int tsdbByte) {
    return switch (tsdbByte) {
      case XOR, HISTOGRAM, FLOAT_HISTOGRAM -> tsdbByte - 1;
      default -> throw new IllegalArgumentException(
          "chunk encoding " + name(tsdbByte) + " has no StoreAPI Chunk.Encoding");
    };
  }

  /** On-disk byte for a StoreAPI {@code Chunk.Encoding} number. */
  public static int fromStoreApi(int storeApiNumber) {
    return switch (storeApiNumber) {
      case 0, 1, 2 -> storeApiNumber + 1;
      default -> throw new IllegalArgumentException(
          "unknown StoreAPI chunk encoding " + storeApiNumber);
    };
  }

  /** Remote-read {@code prompb.Chunk.Encoding} number for an on-disk encoding (the same numbers). */
  public static int toRemoteRead(int tsdbByte) {
    return switch (tsdbByte) {
      case XOR, HISTOGRAM, FLOAT_HISTOGRAM -> tsdbByte;
      default -> throw new IllegalArgumentException(
          "chunk encoding " + name(tsdbByte) + " has no remote-read Chunk.Encoding");
    };
  }

  /** On-disk byte for a remote-read {@code prompb.Chunk.Encoding} number (0 = UNKNOWN is rejected). */
  public static int fromRemoteRead(int remoteReadNumber) {
    return switch (remoteReadNumber) {
      case XOR, HISTOGRAM, FLOAT_HISTOGRAM -> remoteReadNumber;
      default -> throw new IllegalArgumentException(
          "unsupported remote-read chunk encoding " + remoteReadNumber);
    };
  }
}
