package io.thanosj.chunk;

/**
 * Prometheus' staleness marker: one specific NaN bit pattern. It must be compared by bits, because an
 * ordinary NaN written by a user is a different value.
 */
public final class StaleMarker {

  public static final long BITS = 0x7FF0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleMarker() {}

  public static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
