package io.thanosj.sidecar.shipper;

import io.thanosj.tsdb.block.GoJsonWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.sidecar.testing.RealPrometheus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper over real blocks (made by promtool) into a real FILESYSTEM bucket. */
class ShipperWithPromtoolBlocksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "a");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00.5Z"), ZoneOffset.UTC);

  @TempDir static Path promtoolOut;
  @TempDir Path tsdb;
  @TempDir Path bucketDir;
  RecordingBucket bucket;
  SimpleMeterRegistry registry;

  /** Three 2h blocks of one series, made once. */
  @BeforeAll
  static void makeBlocks() {
    StringBuilder om = new StringBuilder("# TYPE m gauge\n");
    long t0 = 1_700_006_400L; // a 2h boundary, so the data spans exactly three blocks
    for (int i = 0; i < 3 * 240; i++) {
      om.append("m{job=\"a\"} ").append(i).append(' ').append(t0 + i * 30L).append('\n');
    }
    RealPrometheus.createBlocks(om.append("# EOF\n").toString(), promtoolOut.resolve("data"));
  }

  @BeforeEach
  void copyBlocks() throws IOException {
    try (Stream<Path> s = Files.walk(promtoolOut.resolve("data"))) {
      for (Path p : s.toList()) {
        Path target = tsdb.resolve(promtoolOut.resolve("data").relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    bucket = new RecordingBucket(new FilesystemBucket(bucketDir));
    registry = new SimpleMeterRegistry();
  }

  private Shipper shipper(boolean uploadCompacted) {
    return new Shipper(bucket, new Shipper.Options(tsdb, "thanos.shipper.json", "sidecar", uploadCompacted, false), () -> EXTERNAL, registry, CLOCK);
  }

  private List<String> localBlocks() throws IOException {
    try (Stream<Path> s = Files.list(tsdb)) {
      return s.map(p -> p.getFileName().toString()).filter(LocalBlock::isBlockDirName).sorted().toList();
    }
  }

  private JsonNode bucketMeta(String id) throws IOException {
    try (InputStream in = bucket.get(id + "/meta.json")) {
      return JSON.readTree(in);
    }
  }

  @Test
  void shipsEveryBlockWithThanosMetadataAndMetaJsonLast() throws IOException {
    List<String> blocks = localBlocks();
    assertThat(blocks).hasSize(3);
    assertThat(shipper(false).sync()).isEqualTo(3);

    for (String id : blocks) {
      List<String> uploads = bucket.uploadsOf(id);
      assertThat(uploads.get(uploads.size() - 1)).isEqualTo(id + "/meta.json");
      assertThat(uploads).containsExactly(id + "/chunks/000001", id + "/index", id + "/meta.json");

      JsonNode meta = bucketMeta(id);
      JsonNode local = JSON.readTree(tsdb.resolve(id).resolve("meta.json").toFile());
      for (String key : List.of("ulid", "minTime", "maxTime", "stats", "compaction", "version")) {
        assertThat(meta.get(key)).isEqualTo(local.get(key));
      }
      JsonNode t = meta.get("thanos");
      assertThat(t.get("labels")).isEqualTo(JSON.readTree("{\"cluster\":\"eu\",\"replica\":\"a\"}"));
      assertThat(t.get("downsample").get("resolution").asLong()).isZero();
      assertThat(t.get("source").asText()).isEqualTo("sidecar");
      assertThat(t.get("segment_files")).isEqualTo(JSON.readTree("[\"000001\"]"));
      assertThat(t.get("files").get(0).get("rel_path").asText()).isEqualTo("chunks/000001");
      assertThat(t.get("files").get(0).get("size_bytes").asLong()).isEqualTo(Files.size(tsdb.resolve(id).resolve("chunks/000001")));
      assertThat(t.get("files").get(1).get("rel_path").asText()).isEqualTo("index");
      assertThat(t.get("files").get(1).get("size_bytes").asLong()).isEqualTo(Files.size(tsdb.resolve(id).resolve("index")));
      assertThat(t.get("files").get(2)).isEqualTo(JSON.readTree("{\"rel_path\":\"meta.json\"}"));
      assertThat(t.get("index_stats")).isEqualTo(JSON.createObjectNode());
      assertThat(t.get("upload_time").asText()).isEqualTo("2026-11-23T10:00:00.5Z");
      try (InputStream in = bucket.get(id + "/index")) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(tsdb.resolve(id).resolve("index")));
      }
    }
    // Oldest first: the first meta.json uploaded belongs to the oldest block.
    assertThat(bucket.uploads.stream().filter(n -> n.endsWith("meta.json")).toList())
        .containsExactly(blocks.get(0) + "/meta.json", blocks.get(1) + "/meta.json", blocks.get(2) + "/meta.json");
    assertThat(Files.readString(tsdb.resolve("thanos.shipper.json"))).isEqualTo(
        "{\n\t\"version\": 1,\n\t\"uploaded\": [\n\t\t\"" + String.join("\",\n\t\t\"", blocks) + "\"\n\t]\n}\n");
    assertThat(tsdb.resolve("thanos/upload")).isEmptyDirectory();
    assertThat(registry.counter("thanos_shipper_uploads").count()).isEqualTo(3);
    assertThat(registry.counter("thanos_shipper_dir_syncs").count()).isEqualTo(1);
  }

  @Test
  void aSecondSyncUploadsNothingAndALostStateFileCostsOnlyExistenceChecks() throws IOException {
    shipper(false).sync();
    int uploadsAfterFirst = bucket.uploads.size();
    assertThat(shipper(false).sync()).isZero();
    Files.delete(tsdb.resolve("thanos.shipper.json"));
    assertThat(shipper(false).sync()).isZero();
    assertThat(bucket.uploads).hasSize(uploadsAfterFirst);
    assertThat(JSON.readTree(tsdb.resolve("thanos.shipper.json").toFile()).get("uploaded")).hasSize(3);
  }

  @Test
  void anInterruptedUploadIsRedoneInFullAndNothingIsShippedPastIt() throws IOException {
    List<String> blocks = localBlocks();
    bucket.failOn = blocks.get(1) + "/meta.json";
    assertThatThrownBy(() -> shipper(false).sync())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("upload " + blocks.get(1));
    assertThat(bucket.exists(blocks.get(0) + "/meta.json")).isTrue();
    assertThat(bucket.exists(blocks.get(1) + "/chunks/000001")).isTrue(); // partial upload left behind
    assertThat(bucket.exists(blocks.get(1) + "/meta.json")).isFalse();
    assertThat(bucket.exists(blocks.get(2) + "/index")).isFalse(); // stopped at the failure
    assertThat(JSON.readTree(tsdb.resolve("thanos.shipper.json").toFile()).get("uploaded")).hasSize(1);
    assertThat(registry.counter("thanos_shipper_upload_failures").count()).isEqualTo(1);
    assertThat(registry.counter("thanos_shipper_dir_sync_failures").count()).isEqualTo(1);

    bucket.failOn = null;
    bucket.uploads.clear();
    assertThat(shipper(false).sync()).isEqualTo(2);
    assertThat(bucket.uploads).startsWith(blocks.get(1) + "/chunks/000001").contains(blocks.get(2) + "/meta.json");
    for (String id : blocks) {
      assertThat(bucketMeta(id).get("thanos").get("source").asText()).isEqualTo("sidecar");
    }
  }

  @Test
  void emptyAndCompactedBlocksAreSkippedUnlessCompactedUploadsAreOn() throws IOException {
    List<String> blocks = localBlocks();
    editMeta(blocks.get(0), m -> ((ObjectNode) m.get("stats")).put("numSamples", 0));
    editMeta(blocks.get(1), m -> ((ObjectNode) m.get("compaction")).put("level", 2));
    assertThat(shipper(false).sync()).isEqualTo(1);
    assertThat(bucket.exists(blocks.get(0) + "/meta.json")).isFalse();
    assertThat(bucket.exists(blocks.get(1) + "/meta.json")).isFalse();
    assertThat(shipper(true).sync()).isEqualTo(1);
    assertThat(bucket.exists(blocks.get(1) + "/meta.json")).isTrue();
    assertThat(bucket.exists(blocks.get(0) + "/meta.json")).isFalse();
  }

  @Test
  void aBrokenMetaJsonFailsTheSyncNamingTheFile() throws IOException {
    String id = localBlocks().get(2);
    Files.writeString(tsdb.resolve(id).resolve("meta.json"), "{\"ulid\": ");
    assertThatThrownBy(() -> shipper(false).sync())
        .hasMessageContaining(tsdb.resolve(id).resolve("meta.json").toString())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void blocksStillBeingWrittenAndForeignDirectoriesAreIgnored() throws IOException {
    Files.createDirectories(tsdb.resolve("01ARZ3NDEKTSV4RRFFQ69G5FAV.tmp-for-creation"));
    Files.createDirectories(tsdb.resolve("01ARZ3NDEKTSV4RRFFQ69G5FAW")); // no meta.json yet
    Files.createDirectories(tsdb.resolve("wal"));
    assertThat(shipper(false).sync()).isEqualTo(3);
  }

  @Test
  void withoutExternalLabelsNothingIsShipped() {
    Shipper s = new Shipper(bucket, new Shipper.Options(tsdb, "thanos.shipper.json", "sidecar", false, false), () -> Labels.EMPTY, registry, CLOCK);
    assertThatThrownBy(s::sync).hasMessageContaining("no external labels");
    assertThat(bucket.uploads).isEmpty();
  }

  @Test
  void sha256HashesAreRecordedWhenAsked() throws IOException {
    Shipper s = new Shipper(bucket, new Shipper.Options(tsdb, "thanos.shipper.json", "sidecar", false, true), () -> EXTERNAL, registry, CLOCK);
    s.sync();
    String id = localBlocks().get(0);
    JsonNode index = bucketMeta(id).get("thanos").get("files").get(1);
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tsdb.resolve(id).resolve("index")));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    assertThat(index.get("hash").get("hashFunc").asText()).isEqualTo("SHA256");
    assertThat(index.get("hash").get("value").asText()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
  }

  private void editMeta(String id, java.util.function.Consumer<JsonNode> edit) throws IOException {
    Path f = tsdb.resolve(id).resolve("meta.json");
    JsonNode m = JSON.readTree(f.toFile());
    edit.accept(m);
    Files.writeString(f, m.toString(), StandardCharsets.UTF_8);
  }

  /** The real bucket, recording upload order and failing one named upload on request. */
  static final class RecordingBucket implements Bucket {
    final Bucket delegate;
    final List<String> uploads = Collections.synchronizedList(new ArrayList<>());
    volatile String failOn;

    RecordingBucket(Bucket delegate) {
      this.delegate = delegate;
    }

    List<String> uploadsOf(String id) {
      return uploads.stream().filter(n -> n.startsWith(id + "/")).toList();
    }

    @Override public String name() { return delegate.name(); }
    @Override public InputStream get(String name) throws IOException { return delegate.get(name); }
    @Override public InputStream getRange(String name, long off, long len) throws IOException { return delegate.getRange(name, off, len); }
    @Override public void upload(String name, InputStream content, long size) throws IOException {
      if (name.equals(failOn)) {
        throw new IOException("injected failure uploading " + name);
      }
      delegate.upload(name, content, size);
      uploads.add(name);
    }
    @Override public void delete(String name) throws IOException { delegate.delete(name); }
    @Override public boolean exists(String name) throws IOException { return delegate.exists(name); }
    @Override public ObjectAttributes attributes(String name) throws IOException { return delegate.attributes(name); }
    @Override public void iter(String dir, IterVisitor v, boolean recursive) throws IOException { delegate.iter(dir, v, recursive); }
    @Override public void close() throws IOException { delegate.close(); }
  }

  @Test
  void goJsonMatchesGoEncoderOutput() {
    ObjectNode n = JSON.createObjectNode();
    n.put("a", "x<y>&\"\\\n");
    n.putArray("e");
    n.putObject("o");
    n.putArray("l").add(1).add(2);
    n.putObject("n").put("k", true).putNull("z");
    String expected = "{\n\t\"a\": \"x\\u003cy\\u003e\\u0026\\\"\\\\\\n\",\n\t\"e\": [],\n\t\"o\": {},\n\t\"l\": [\n\t\t1,\n\t\t2\n\t],\n"
        + "\t\"n\": {\n\t\t\"k\": true,\n\t\t\"z\": null\n\t}\n}\n";
    assertThat(new String(GoJsonWriter.encode(n), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(GoTime.rfc3339Nano(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(GoTime.rfc3339Nano(Instant.parse("2026-01-02T03:04:05.120Z"))).isEqualTo("2026-01-02T03:04:05.12Z");
  }

}
