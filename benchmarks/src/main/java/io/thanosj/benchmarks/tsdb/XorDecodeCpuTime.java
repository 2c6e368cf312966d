package io.thanosj.benchmarks.tsdb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link XorDecodeBenchmark} workload measured in samples per second of this thread's CPU time
 * rather than wall-clock time, so the figure stays meaningful on a machine shared with other jobs
 * (it still includes cache and SMT interference). Not a JMH benchmark: warms up for 5 s, then
 * measures 10 s per case.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.thanosj.benchmarks.tsdb.XorDecodeCpuTime}
 */
public final class XorDecodeCpuTime {

  private XorDecodeCpuTime() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double sink = 0;
    for (String buffer : new String[] {"direct", "heap"}) {
      for (String data : new String[] {"regular", "random"}) {
        XorDecodeBenchmark b = new XorDecodeBenchmark();
        b.buffer = buffer;
        b.data = data;
        b.setup();
        sink += run(b, mx, 5_000_000_000L);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long rounds = 0;
        while (System.nanoTime() - wall0 < 10_000_000_000L) {
          sink += b.decode();
          rounds++;
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        double samples = (double) rounds * XorDecodeBenchmark.SAMPLES;
        System.out.printf("%-7s %-7s %8.1f M samples/s of CPU time, %8.1f M samples/s wall (%.0f%% of a core)%n",
            buffer, data, samples / cpu * 1e3, samples / wall * 1e3, 100.0 * cpu / wall);
      }
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static double run(XorDecodeBenchmark b, ThreadMXBean mx, long nanos) {
    double sink = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < nanos) {
      sink += b.decode();
    }
    return sink;
  }
}
