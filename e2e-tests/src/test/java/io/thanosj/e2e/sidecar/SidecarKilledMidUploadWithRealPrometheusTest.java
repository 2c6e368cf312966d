package io.thanosj.e2e.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Poll;
import io.thanosj.e2e.harness.PrometheusProcess;
import io.thanosj.e2e.harness.Role;
import io.thanosj.e2e.harness.RoleProcess;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.MetaJson;
import io.thanosj.tsdb.testing.Promtool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Prometheus 2.42 whose data directory holds four promtool-made 2h blocks of a few MB each, and
 * our sidecar shipping them to a FILESYSTEM bucket. The sidecar is killed with SIGKILL as soon as a
 * block is half-way in the bucket (some of its files there, no meta.json), restarted, killed again
 * half-way through the next block, and so on; after a final uninterrupted run the bucket must hold
 * every local block exactly once, complete and byte-identical, and the shipper state file must name
 * each once. (A FILESYSTEM upload of one block takes ~50-200 ms here; the bucket is polled every 0.5 ms.)
 */
class SidecarKilledMidUploadWithRealPrometheusTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BLOCKS = 4;
  private static final int SERIES = 1500;
  private static final int SAMPLES_PER_BLOCK = 240; // one every 30s for 2h
  private static final int MAX_KILLS = BLOCKS - 1; // one kill inside each of the first three blocks

  private static PrometheusProcess prometheus;
  private static Path bucketDir;
  private static Path objstoreConfig;
  private static List<String> localBlocks;

  @BeforeAll
  static void up() throws Exception {
    Path data = env.dir("prometheus-data");
    Path om = env.dir("openmetrics").resolve("load.om");
    writeRandomGauges(om);
    localBlocks = Promtool.createBlocks(om, data).stream().map(p -> p.getFileName().toString()).toList();
    Files.delete(om);
    assertThat(localBlocks).hasSize(BLOCKS);

    bucketDir = env.dir("bucket");
    objstoreConfig = env.dir("objstore").resolve("fs.yml");
    Files.writeString(objstoreConfig, "type: FILESYSTEM\nconfig:\n  directory: " + bucketDir + "\n");

    // min == max block duration: the sidecar requires it, and Prometheus then never compacts the
    // promtool blocks into level-2 blocks behind the shipper's back.
    prometheus = env.prometheus("prometheus").dataDir(data).config("""
            global:
              external_labels:
                cluster: kill-test
                replica: "0"
            """).flag("--storage.tsdb.min-block-duration", "2h")
        .flag("--storage.tsdb.max-block-duration", "2h").build();
    prometheus.start();
    prometheus.awaitReady(Duration.ofSeconds(60));
  }

  /** Random values so that XOR chunks stay large (several MB per block) and an upload takes a while. */
  private static void writeRandomGauges(Path file) throws IOException {
    long nowS = System.currentTimeMillis() / 1000;
    long t0 = (nowS / 7200 - 24) * 7200; // a 2h boundary two days ago: exactly BLOCKS blocks
    SplittableRandom random = new SplittableRandom(7);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("# TYPE load gauge\n");
      for (int s = 0; s < SERIES; s++) {
        String series = "load{series=\"" + s + "\"} ";
        for (int i = 0; i < BLOCKS * SAMPLES_PER_BLOCK; i++) {
          w.write(series);
          w.write(Double.toString(random.nextDouble() * 1000));
          w.write(' ');
          w.write(Long.toString(t0 + i * 30L));
          w.write('\n');
        }
      }
      w.write("# EOF\n");
    }
  }

  @Test
  void killingTheSidecarMidUploadLeavesNoDuplicateAndNoMissingBlock() throws Exception {
    RoleProcess sidecar = env.role(Role.SIDECAR, "sidecar").flag("--prometheus.url", prometheus.url())
        .flag("--tsdb.path", prometheus.dataDir().toString())
        .flag("--objstore.config-file", objstoreConfig.toString())
        .flag("--shipper.sync-interval", "1s").build();

    int killsMidUpload = 0;
    for (int attempt = 0; attempt < MAX_KILLS && completeBlocks().size() < BLOCKS; attempt++) {
      sidecar.start();
      String partial = awaitPartialBlockOrAllShipped(sidecar, attempt);
      sidecar.kill();
      // Whether the kill landed mid-upload is judged after the process is gone: the upload may
      // have completed between seeing the partial block and the SIGKILL.
      if (partial != null && !Files.exists(bucketDir.resolve(partial).resolve("meta.json"))) {
        killsMidUpload++;
      }
    }
    System.out.println("sidecar killed " + killsMidUpload + " time(s) with a block half-way in the bucket");
    assertThat(killsMidUpload).as("kills that left a block half-uploaded").isPositive();

    sidecar.start();
    Poll.until(Duration.ofSeconds(120), "all " + BLOCKS + " blocks shipped after the restart",
        () -> completeBlocks().size() == BLOCKS);
    // One more sync after completion must not upload anything again.
    Thread.sleep(2500);
    sidecar.stop();

    try (Bucket bucket = Buckets.create(BucketConfig.parse(Files.readString(objstoreConfig), Map.of()),
        new SimpleMeterRegistry())) {
      List<String> top = new ArrayList<>();
      bucket.iter("", top::add);
      assertThat(top).containsExactlyInAnyOrderElementsOf(localBlocks.stream().map(b -> b + "/").toList());
      for (String block : localBlocks) {
        List<String> objects = new ArrayList<>();
        bucket.iter(block + "/", objects::add, true);
        Path local = prometheus.dataDir().resolve(block);
        List<String> expected = new ArrayList<>(List.of(block + "/index", block + "/meta.json"));
        try (Stream<Path> chunks = Files.list(local.resolve("chunks"))) {
          chunks.forEach(c -> expected.add(block + "/chunks/" + c.getFileName()));
        }
        assertThat(objects).containsExactlyInAnyOrderElementsOf(expected);
        for (String object : expected) {
          if (!object.endsWith("meta.json")) {
            assertThat(Files.mismatch(local.resolve(object.substring(block.length() + 1)), bucketDir.resolve(object)))
                .as("%s identical to Prometheus' file", object).isEqualTo(-1L);
          }
        }
        BlockMeta meta = MetaJson.read(bucketDir.resolve(block));
        assertThat(meta.thanos().labels()).isEqualTo(Map.of("cluster", "kill-test", "replica", "0"));
        assertThat(meta.thanos().source()).isEqualTo("sidecar");
        assertThat(meta.stats().numSeries()).isEqualTo(SERIES);
      }
    }

    JsonNode state = MAPPER.readTree(prometheus.dataDir().resolve("thanos.shipper.json").toFile());
    List<String> uploaded = new ArrayList<>();
    state.get("uploaded").forEach(n -> uploaded.add(n.asText()));
    assertThat(uploaded).as("state file").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(localBlocks);
  }

  /**
   * Polls the bucket directory as fast as the file system allows and returns the first block that has
   * files (or an upload's temporary file) but no meta.json yet, once the bucket differs from what the
   * previous (killed) run left behind and at least {@code completeAtLeast} blocks are complete (so
   * successive kills land in successive blocks); null once every block is complete.
   */
  private static String awaitPartialBlockOrAllShipped(RoleProcess sidecar, int completeAtLeast) throws IOException {
    Map<String, Long> before = bucketFiles();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      sidecar.process().assertAlive();
      int complete = completeBlocks().size();
      if (complete == BLOCKS) {
        return null;
      }
      if (complete >= completeAtLeast && !bucketFiles().equals(before)) {
        for (String block : localBlocks) {
          Path dir = bucketDir.resolve(block);
          if (Files.isDirectory(dir) && !Files.exists(dir.resolve("meta.json"))) {
            return block;
          }
        }
      }
      LockSupport.parkNanos(500_000); // 0.5ms: fine-grained, without starving the sidecar of CPU
    }
    throw new AssertionError("the sidecar shipped nothing within 120s:\n" + sidecar.process().logTail(40));
  }

  /** Every file under the bucket directory (upload temporaries included) with its size. */
  private static Map<String, Long> bucketFiles() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(bucketDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        try {
          out.put(bucketDir.relativize(p).toString(), Files.isDirectory(p) ? -1L : Files.size(p));
        } catch (NoSuchFileException e) {
          // a temporary file renamed into place while we looked: the next poll sees the result
        }
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e;
      }
    }
    return out;
  }

  private static TreeSet<String> completeBlocks() {
    TreeSet<String> out = new TreeSet<>();
    for (String block : localBlocks) {
      if (Files.exists(bucketDir.resolve(block).resolve("meta.json"))) {
        out.add(block);
      }
    }
    return out;
  }
}
