package io.thanosj.benchmarks.tsdb;

import io.thanosj.tsdb.postings.BigEndianPostings;
import io.thanosj.tsdb.postings.Postings;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Postings combinators over lists encoded as in the index (big-endian uint32 series references,
 * read lazily from a direct buffer). Shapes follow a typical selector on a large block:
 * {@code job} (1M series), {@code instance} (100k series, spread across the job's list),
 * {@code handler} (1k series), and a {@code status!="500"} exclusion of 300k series. Score = whole
 * combinator runs per second; each returns its result count so the work is not eliminated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostingsIntersectBenchmark {

  private static final int UNIVERSE = 2_000_000;

  private ByteBuffer buf;
  private int jobAt, jobN, instAt, instN, handlerAt, handlerN, statusAt, statusN;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(7);
    long[] job = sample(rnd, 1_000_000);
    long[] inst = sample(rnd, 100_000);
    long[] handler = sample(rnd, 1_000);
    long[] status = sample(rnd, 300_000);
    buf = ByteBuffer.allocateDirect(4 * (job.length + inst.length + handler.length + status.length));
    jobAt = put(job);
    jobN = job.length;
    instAt = put(inst);
    instN = inst.length;
    handlerAt = put(handler);
    handlerN = handler.length;
    statusAt = put(status);
    statusN = status.length;
  }

  /** n distinct sorted references from [0, UNIVERSE), every value kept with probability n/UNIVERSE. */
  private static long[] sample(SplittableRandom rnd, int n) {
    long[] out = new long[n];
    int k = 0;
    for (int v = 0; v < UNIVERSE && k < n; v++) {
      if (rnd.nextInt(UNIVERSE - v) < n - k) {
        out[k++] = v;
      }
    }
    return out;
  }

  private int put(long[] refs) {
    int at = buf.position();
    for (long r : refs) {
      buf.putInt((int) r);
    }
    return at;
  }

  private Postings job() {
    return new BigEndianPostings(buf, jobAt, jobN);
  }

  private Postings inst() {
    return new BigEndianPostings(buf, instAt, instN);
  }

  private Postings handler() {
    return new BigEndianPostings(buf, handlerAt, handlerN);
  }

  private Postings status() {
    return new BigEndianPostings(buf, statusAt, statusN);
  }

  private static int count(Postings p) {
    int n = 0;
    while (p.next()) {
      n++;
    }
    return n;
  }

  /** job (1M) ∩ instance (100k): the smaller list drives, the larger one is seeked. */
  @Benchmark
  public int intersect1Mx100k() {
    return count(Postings.intersect(List.of(job(), inst())));
  }

  /** job (1M) ∩ instance (100k) ∩ handler (1k): a very selective matcher makes the rest cheap. */
  @Benchmark
  public int intersect1Mx100kx1k() {
    return count(Postings.intersect(List.of(job(), inst(), handler())));
  }

  /** instance (100k) ∪ handler (1k) ∪ status (300k): a regex over several values. */
  @Benchmark
  public int merge3() {
    return count(Postings.merge(List.of(inst(), handler(), status())));
  }

  /** job (1M) minus status (300k): a negative matcher. */
  @Benchmark
  public int without1Mminus300k() {
    return count(Postings.without(job(), status()));
  }
}
