package io.thanosj.tsdb.block;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes meta.json. Writing reproduces Go's output (key order of the Go structs, {@code
 * omitempty} rules, tab indentation), so a meta.json we write compares equal byte for byte with the
 * one Prometheus or Thanos would write for the same block. Reading accepts what either writes,
 * ignores unknown keys (as Go does) and rejects meta versions other than 1.
 */
public final class MetaJson {

  public static final String FILE_NAME = "meta.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MetaJson() {}

  public static BlockMeta read(Path blockDir) {
    Path f = blockDir.resolve(FILE_NAME);
    byte[] b;
    try {
      b = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
    return parse(b, blockDir.getFileName() + "/" + FILE_NAME);
  }

  /** Parses meta.json bytes; {@code name} is used in error messages. */
  public static BlockMeta parse(byte[] json, String name) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
      throw new CorruptBlockException(name, at, "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new CorruptBlockException(name, 0, "meta.json is not a JSON object");
    }
    Reader r = new Reader(name);
    int version = r.integer(root, "version", true);
    if (version != BlockMeta.VERSION_1) {
      throw new CorruptBlockException(name, 0, "unexpected meta file version " + version + ", want 1");
    }
    Ulid ulid = r.ulid(root.get("ulid"), "ulid");
    JsonNode st = r.object(root, "stats");
    BlockMeta.Stats stats = st == null ? BlockMeta.Stats.EMPTY : new BlockMeta.Stats(
        r.number(st, "numSamples"), r.number(st, "numSeries"), r.number(st, "numChunks"), r.number(st, "numTombstones"));
    JsonNode c = r.object(root, "compaction");
    BlockMeta.Compaction compaction;
    if (c == null) {
      compaction = new BlockMeta.Compaction(0, List.of(), false, List.of(), false, List.of());
    } else {
      List<Ulid> sources = new ArrayList<>();
      for (JsonNode s : r.array(c, "sources")) {
        sources.add(r.ulid(s, "compaction.sources"));
      }
      List<BlockMeta.BlockDesc> parents = new ArrayList<>();
      for (JsonNode p : r.array(c, "parents")) {
        parents.add(new BlockMeta.BlockDesc(r.ulid(p.get("ulid"), "compaction.parents.ulid"),
            r.number(p, "minTime"), r.number(p, "maxTime")));
      }
      List<String> hints = new ArrayList<>();
      for (JsonNode h : r.array(c, "hints")) {
        hints.add(h.asText());
      }
      compaction = new BlockMeta.Compaction(r.integer(c, "level", false), sources,
          c.path("deletable").asBoolean(false), parents, c.path("failed").asBoolean(false), hints);
    }
    ThanosMeta thanos = null;
    JsonNode t = r.object(root, "thanos");
    if (t != null) {
      thanos = parseThanos(r, t);
    }
    return new BlockMeta(ulid, r.number(root, "minTime"), r.number(root, "maxTime"), stats, compaction, version, thanos);
  }

  private static ThanosMeta parseThanos(Reader r, JsonNode t) {
    int tv = r.integer(t, "version", false);
    if (tv != 0 && tv != 1) {
      throw new CorruptBlockException(r.name, 0, "unexpected thanos meta version " + tv + ", want 1");
    }
    Map<String, String> labels = null;
    JsonNode l = t.get("labels");
    if (l != null && !l.isNull()) {
      if (!l.isObject()) {
        throw new CorruptBlockException(r.name, 0, "thanos.labels is not an object");
      }
      labels = new TreeMap<>(StringOrder.UTF8);
      Iterator<Map.Entry<String, JsonNode>> it = l.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode ds = r.object(t, "downsample");
    long res = ds == null ? 0 : r.number(ds, "resolution");
    List<String> segs = new ArrayList<>();
    for (JsonNode s : r.array(t, "segment_files")) {
      segs.add(s.asText());
    }
    List<ThanosMeta.BlockFile> files = new ArrayList<>();
    for (JsonNode f : r.array(t, "files")) {
      JsonNode h = f.get("hash");
      ThanosMeta.ObjectHash hash = h == null || h.isNull() ? null
          : new ThanosMeta.ObjectHash(h.path("hashFunc").asText(), h.path("value").asText());
      files.add(new ThanosMeta.BlockFile(f.path("rel_path").asText(), r.number(f, "size_bytes"), hash));
    }
    JsonNode is = r.object(t, "index_stats");
    ThanosMeta.IndexStats indexStats = is == null ? ThanosMeta.IndexStats.NONE
        : new ThanosMeta.IndexStats(r.number(is, "series_max_size"), r.number(is, "chunk_max_size"));
    JsonNode rw = t.get("rewrites");
    JsonNode ext = t.get("extensions");
    return new ThanosMeta(tv, labels, res, t.path("source").asText(""), segs, files,
        rw == null || rw.isNull() ? null : rw, indexStats, ext == null || ext.isNull() ? null : ext,
        t.path("upload_time").asText(ThanosMeta.ZERO_TIME));
  }

  /** Field accessors that fail with a message naming meta.json and the field. */
  private record Reader(String name) {
    long number(JsonNode parent, String field) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return 0;
      }
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is not an integer: " + n);
      }
      return n.longValue();
    }

    int integer(JsonNode parent, String field, boolean required) {
      JsonNode n = parent.get(field);
      if ((n == null || n.isNull()) && required) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is missing");
      }
      long v = number(parent, field);
      if (v != (int) v) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is out of range: " + v);
      }
      return (int) v;
    }

    JsonNode object(JsonNode parent, String field) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is not an object");
      }
      return n;
    }

    Iterable<JsonNode> array(JsonNode parent, String field) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return List.of();
      }
      if (!n.isArray()) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is not an array");
      }
      return n;
    }

    Ulid ulid(JsonNode n, String field) {
      if (n == null || !n.isTextual()) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\" is missing or not a string");
      }
      try {
        return Ulid.parse(n.textValue());
      } catch (IllegalArgumentException e) {
        throw new CorruptBlockException(name, 0, "field \"" + field + "\": " + e.getMessage());
      }
    }
  }

  /** meta.json text as Prometheus (and Thanos, with the thanos section) writes it. */
  public static String write(BlockMeta m) {
    GoJsonWriter w = new GoJsonWriter().beginObject();
    w.key("ulid").value(m.ulid().toString());
    w.key("minTime").value(m.minTime());
    w.key("maxTime").value(m.maxTime());
    BlockMeta.Stats s = m.stats();
    w.key("stats").beginObject();
    omitZero(w, "numSamples", s.numSamples());
    omitZero(w, "numSeries", s.numSeries());
    omitZero(w, "numChunks", s.numChunks());
    omitZero(w, "numTombstones", s.numTombstones());
    w.endObject();
    BlockMeta.Compaction c = m.compaction();
    w.key("compaction").beginObject();
    w.key("level").value(c.level());
    if (!c.sources().isEmpty()) {
      w.key("sources").beginArray();
      for (Ulid u : c.sources()) {
        w.value(u.toString());
      }
      w.endArray();
    }
    if (c.deletable()) {
      w.key("deletable").value(true);
    }
    if (!c.parents().isEmpty()) {
      w.key("parents").beginArray();
      for (BlockMeta.BlockDesc p : c.parents()) {
        w.beginObject().key("ulid").value(p.ulid().toString()).key("minTime").value(p.minTime())
            .key("maxTime").value(p.maxTime()).endObject();
      }
      w.endArray();
    }
    if (c.failed()) {
      w.key("failed").value(true);
    }
    if (!c.hints().isEmpty()) {
      w.key("hints").beginArray();
      c.hints().forEach(w::value);
      w.endArray();
    }
    w.endObject();
    w.key("version").value(m.version());
    if (m.thanos() != null) {
      writeThanos(w, m.thanos());
    }
    return w.endObject().toString();
  }

  private static void writeThanos(GoJsonWriter w, ThanosMeta t) {
    w.key("thanos").beginObject();
    if (t.version() != 0) {
      w.key("version").value(t.version());
    }
    w.key("labels");
    if (t.labels() == null) {
      w.nullValue();
    } else {
      w.beginObject();
      Map<String, String> sorted = new TreeMap<>(StringOrder.UTF8);
      sorted.putAll(t.labels());
      sorted.forEach((k, v) -> w.key(k).value(v));
      w.endObject();
    }
    w.key("downsample").beginObject().key("resolution").value(t.downsampleResolution()).endObject();
    w.key("source").value(t.source());
    if (!t.segmentFiles().isEmpty()) {
      w.key("segment_files").beginArray();
      t.segmentFiles().forEach(w::value);
      w.endArray();
    }
    if (!t.files().isEmpty()) {
      w.key("files").beginArray();
      for (ThanosMeta.BlockFile f : t.files()) {
        w.beginObject().key("rel_path").value(f.relPath());
        if (f.sizeBytes() != 0) {
          w.key("size_bytes").value(f.sizeBytes());
        }
        if (f.hash() != null) {
          w.key("hash").beginObject().key("hashFunc").value(f.hash().func())
              .key("value").value(f.hash().value()).endObject();
        }
        w.endObject();
      }
      w.endArray();
    }
    if (t.rewrites() != null && !(t.rewrites().isArray() && t.rewrites().isEmpty())) {
      w.key("rewrites").value(t.rewrites());
    }
    w.key("index_stats").beginObject();
    omitZero(w, "series_max_size", t.indexStats().seriesMaxSize());
    omitZero(w, "chunk_max_size", t.indexStats().chunkMaxSize());
    w.endObject();
    if (t.extensions() != null) {
      w.key("extensions").value(t.extensions());
    }
    w.key("upload_time").value(t.uploadTime());
    w.endObject();
  }

  private static void omitZero(GoJsonWriter w, String key, long v) {
    if (v != 0) {
      w.key(key).value(v);
    }
  }

  /** Writes {@code dir/meta.json} via a temporary file and an atomic rename, as Prometheus does. */
  public static void writeAtomically(Path dir, BlockMeta m) {
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try {
      Files.write(tmp, write(m).getBytes(StandardCharsets.UTF_8));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
    }
  }
}
