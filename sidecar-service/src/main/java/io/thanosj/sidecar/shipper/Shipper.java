package io.thanosj.sidecar.shipper;

import io.thanosj.tsdb.block.GoJsonWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.objstore.Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the blocks Prometheus cuts to object storage (Thanos' {@code pkg/shipper}).
 *
 * <p>Each {@link #sync()} walks the TSDB directory oldest block first and uploads every block not yet
 * shipped: chunks, then index, then {@code meta.json} with Thanos' section (external labels,
 * resolution 0, source, file list). Because {@code meta.json} goes last, a block interrupted
 * mid-upload (crash, kill -9) has no {@code meta.json} in the bucket; the next sync, after any
 * restart, sees that and uploads it again in full, overwriting the partial objects. Blocks already
 * shipped are remembered in the state file, and a block whose {@code meta.json} is already in the
 * bucket is recorded without uploading it again, so a lost state file costs one existence check per
 * block, never a duplicate.
 */
public final class Shipper {

  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Options with Thanos' flag names. */
  public record Options(
      Path tsdbPath,
      String stateFileName,
      String source,
      boolean uploadCompacted,
      boolean sha256Hashes) {}

  private final Bucket bucket;
  private final Options options;
  private final Supplier<Labels> externalLabels;
  private final ShipperMetrics metrics;
  private final Clock clock;

  public Shipper(Bucket bucket, Options options, Supplier<Labels> externalLabels, MeterRegistry registry, Clock clock) {
    this.bucket = bucket;
    this.options = options;
    this.externalLabels = externalLabels;
    this.metrics = new ShipperMetrics(registry);
    this.clock = clock;
  }

  public Path stateFile() {
    return options.tsdbPath().resolve(options.stateFileName());
  }

  /**
   * One pass over the TSDB directory; returns how many blocks were uploaded. Stops at the first
   * block that fails to upload, so blocks are shipped in order and a newer block never lands before
   * an older one that is still missing (the compactor would plan around the gap).
   *
   * @throws IOException when listing, a bucket call or an upload fails; already shipped blocks are
   *     remembered regardless
   */
  public synchronized int sync() throws IOException {
    boolean ok = false;
    try {
      int n = doSync();
      ok = true;
      return n;
    } finally {
      (ok ? metrics.dirSyncs : metrics.dirSyncFailures).increment();
    }
  }

  private int doSync() throws IOException {
    Labels labels = externalLabels.get();
    if (labels.isEmpty()) {
      throw new IOException("not uploading: no external labels known yet; Thanos blocks need identifying external labels");
    }
    ShipperState state;
    try {
      state = ShipperState.read(stateFile());
    } catch (IOException e) {
      // The state only saves bucket existence checks; rebuilding it is always safe.
      LOG.atError().addKeyValue("err", e.getMessage()).log("failed to read shipper state file, rebuilding it");
      state = new ShipperState(List.of());
    }
    Set<String> shipped = new HashSet<>(state.uploaded());
    // Rebuilt from the blocks still on disk, so blocks Prometheus has deleted drop out of the file.
    List<String> stillShipped = new ArrayList<>();
    int uploaded = 0;
    try {
      for (LocalBlock block : blocksOldestFirst()) {
        if (shipped.contains(block.id())) {
          stillShipped.add(block.id());
          continue;
        }
        if (block.numSamples() == 0) {
          LOG.atDebug().addKeyValue("block", block.id()).log("ignoring empty block");
          continue;
        }
        if (block.compactionLevel() > 1 && !options.uploadCompacted()) {
          continue;
        }
        if (bucket.exists(block.id() + "/meta.json")) {
          stillShipped.add(block.id());
          continue;
        }
        try {
          upload(block, labels);
        } catch (IOException | RuntimeException e) {
          metrics.uploadFailures.increment();
          throw new IOException("upload " + block.id() + ": " + e.getMessage(), e);
        }
        stillShipped.add(block.id());
        uploaded++;
        metrics.uploads.increment();
      }
    } finally {
      try {
        new ShipperState(stillShipped).write(stateFile());
      } catch (IOException e) {
        LOG.atWarn().addKeyValue("file", stateFile()).addKeyValue("err", e.getMessage()).log("updating shipper state file failed");
      }
    }
    return uploaded;
  }

  private List<LocalBlock> blocksOldestFirst() throws IOException {
    List<LocalBlock> blocks = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(options.tsdbPath())) {
      for (Path p : ds) {
        if (!LocalBlock.isBlockDirName(p.getFileName().toString()) || !Files.isDirectory(p)) {
          continue;
        }
        try {
          blocks.add(LocalBlock.read(p));
        } catch (NoSuchFileException e) {
          // A block without meta.json is still being written by Prometheus (or was just deleted).
          LOG.atDebug().addKeyValue("block", p.getFileName()).log("skipping block without meta.json");
        } catch (IOException e) {
          metrics.corruptedBlocks.increment();
          throw new IOException("read metadata for block " + p + ": " + e.getMessage(), e);
        }
      }
    }
    blocks.sort(Comparator.comparingLong(LocalBlock::minTime));
    return blocks;
  }

  /**
   * Hard-links the block into {@code thanos/upload/<ULID>} first (as Thanos does) so that Prometheus
   * deleting or compacting the block mid-upload cannot pull files away, then uploads from there.
   */
  private void upload(LocalBlock block, Labels labels) throws IOException {
    LOG.atInfo().addKeyValue("id", block.id()).log("upload new block");
    Path upDir = options.tsdbPath().resolve("thanos").resolve("upload").resolve(block.id());
    deleteTree(upDir);
    try {
      linkBlock(block.dir(), upDir);
      List<String> segments = new ArrayList<>();
      ArrayNode files = JSON.createArrayNode();
      List<Path> chunkFiles = new ArrayList<>();
      try (Stream<Path> s = Files.list(upDir.resolve("chunks"))) {
        s.sorted().forEach(chunkFiles::add);
      }
      for (Path c : chunkFiles) {
        String name = c.getFileName().toString();
        segments.add(name);
        uploadFile(c, block.id() + "/chunks/" + name, files, "chunks/" + name);
      }
      uploadFile(upDir.resolve("index"), block.id() + "/index", files, "index");
      files.addObject().put("rel_path", "meta.json");

      byte[] meta = GoJsonWriter.encode(thanosMeta(block.meta(), labels, segments, files));
      bucket.upload(block.id() + "/meta.json", new java.io.ByteArrayInputStream(meta), meta.length);
    } finally {
      deleteTree(upDir);
    }
  }

  private void uploadFile(Path file, String object, ArrayNode files, String relPath) throws IOException {
    long size = Files.size(file);
    ObjectNode entry = files.addObject();
    entry.put("rel_path", relPath);
    if (size > 0) {
      entry.put("size_bytes", size);
    }
    MessageDigest sha = options.sha256Hashes() ? sha256() : null;
    try (InputStream in = Files.newInputStream(file)) {
      InputStream source = sha == null ? in : new DigestInputStream(in, sha);
      bucket.upload(object, source, size);
    }
    if (sha != null) {
      entry.putObject("hash").put("hashFunc", "SHA256").put("value", HexFormat.of().formatHex(sha.digest()));
    }
  }

  /** Prometheus' meta plus Thanos' section, keys in the order Go's struct gives them. */
  ObjectNode thanosMeta(ObjectNode prometheusMeta, Labels labels, List<String> segments, ArrayNode files) {
    ObjectNode meta = prometheusMeta.deepCopy();
    ObjectNode previous = meta.has("thanos") && meta.get("thanos").isObject() ? (ObjectNode) meta.get("thanos") : null;
    meta.remove("thanos");
    ObjectNode t = meta.putObject("thanos");
    if (previous != null && previous.path("version").asInt(0) != 0) {
      t.put("version", previous.path("version").asInt());
    }
    ObjectNode l = t.putObject("labels");
    if (previous != null && previous.path("labels").isObject()) {
      previous.get("labels").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
    }
    labels.forEach(l::put);
    t.putObject("downsample").put("resolution", 0);
    t.put("source", options.source());
    if (!segments.isEmpty()) {
      ArrayNode seg = t.putArray("segment_files");
      segments.forEach(seg::add);
    }
    t.set("files", files);
    t.putObject("index_stats");
    t.put("upload_time", GoTime.rfc3339Nano(clock.instant()));
    return meta;
  }

  private static void linkBlock(Path from, Path to) throws IOException {
    Files.createDirectories(to.resolve("chunks"));
    try (Stream<Path> s = Files.list(from.resolve("chunks"))) {
      for (Path c : (Iterable<Path>) s::iterator) {
        link(c, to.resolve("chunks").resolve(c.getFileName()));
      }
    }
    link(from.resolve("index"), to.resolve("index"));
    link(from.resolve("meta.json"), to.resolve("meta.json"));
  }

  private static void link(Path existing, Path link) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (e instanceof NoSuchFileException) {
        throw (NoSuchFileException) e;
      }
      // No hard links here (another file system, or not supported): a copy protects just as well.
      Files.copy(existing, link);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
