package io.thanosj.sidecar.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A block directory in Prometheus' TSDB directory, with its {@code meta.json} kept as a tree so that
 * every field Prometheus wrote survives into the uploaded copy.
 */
record LocalBlock(String id, Path dir, ObjectNode meta) {

  /** A ULID: 26 Crockford base32 characters, the first at most '7' (48-bit timestamp). */
  private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
  private static final ObjectMapper JSON = new ObjectMapper();

  static boolean isBlockDirName(String name) {
    return ULID.matcher(name).matches();
  }

  /**
   * Reads {@code <dir>/meta.json}.
   *
   * @throws IOException naming the file when it is missing, not JSON, or not a version 1 block meta
   */
  static LocalBlock read(Path dir) throws IOException {
    Path file = dir.resolve("meta.json");
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof ObjectNode meta)) {
      throw new IOException(file + ": expected a JSON object");
    }
    if (meta.path("version").asInt(-1) != 1) {
      throw new IOException(file + ": unexpected meta file version " + meta.path("version"));
    }
    String id = dir.getFileName().toString();
    if (!id.equals(meta.path("ulid").asText())) {
      throw new IOException(file + ": ulid " + meta.path("ulid") + " does not match its directory " + id);
    }
    return new LocalBlock(id, dir, meta);
  }

  long minTime() {
    return meta.path("minTime").asLong();
  }

  long maxTime() {
    return meta.path("maxTime").asLong();
  }

  long numSamples() {
    return meta.path("stats").path("numSamples").asLong(0);
  }

  int compactionLevel() {
    return meta.path("compaction").path("level").asInt(0);
  }
}
