package io.thanosj.benchmarks.tsdb;

import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XOR chunk decoding throughput, one operation = one decoded sample, so the score is samples per
 * second on one thread (one core). The chunks are Prometheus-sized (120 samples) and laid out back
 * to back in one buffer, as in a chunk segment file.
 *
 * <ul>
 *   <li>{@code regular}: 15 s scrape interval without jitter and a slowly rising counter; most
 *       timestamps cost one bit and values reuse the previous XOR window, as in typical real data.
 *   <li>{@code random}: jittered timestamps and random doubles; every sample takes the wide
 *       timestamp and value encodings, the worst case for the decoder.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XorDecodeBenchmark {

  static final int CHUNKS = 1000;
  static final int SAMPLES_PER_CHUNK = 120;
  static final int SAMPLES = CHUNKS * SAMPLES_PER_CHUNK;

  @Param({"regular", "random"})
  public String data;

  /** {@code direct}: like a memory-mapped segment; {@code heap}: like chunk bytes fetched into an array. */
  @Param({"direct", "heap"})
  public String buffer;

  private ByteBuffer segment;
  private int[] offsets;
  private int[] lengths;
  private final XorIterator it = new XorIterator();

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    byte[][] chunks = new byte[CHUNKS][];
    long[] ts = new long[SAMPLES_PER_CHUNK];
    double[] vs = new double[SAMPLES_PER_CHUNK];
    long t = 1_700_000_000_000L;
    double counter = 0;
    int total = 0;
    for (int c = 0; c < CHUNKS; c++) {
      for (int i = 0; i < SAMPLES_PER_CHUNK; i++) {
        if (data.equals("regular")) {
          t += 15_000;
          counter += rnd.nextInt(4);
          vs[i] = counter;
        } else {
          t += 15_000 + rnd.nextInt(-2_000, 2_000);
          vs[i] = rnd.nextDouble() * 1e6;
        }
        ts[i] = t;
      }
      chunks[c] = XorChunk.encode(ts, vs, 0, SAMPLES_PER_CHUNK);
      total += chunks[c].length;
    }
    segment = buffer.equals("direct") ? ByteBuffer.allocateDirect(total) : ByteBuffer.allocate(total);
    offsets = new int[CHUNKS];
    lengths = new int[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
      offsets[c] = segment.position();
      lengths[c] = chunks[c].length;
      segment.put(chunks[c]);
    }
  }

  /** Decodes every sample of every chunk; returns a sum so the work cannot be eliminated. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public double decode() {
    double sum = 0;
    long tsum = 0;
    for (int c = 0; c < CHUNKS; c++) {
      XorIterator x = it.reset(segment, offsets[c], lengths[c]);
      while (x.next()) {
        tsum += x.atT();
        sum += x.atV();
      }
    }
    return sum + tsum;
  }
}
