package io.thanosj.sidecar.shipper;

import io.thanosj.tsdb.block.GoJsonWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Thanos' shipper state file ({@code <tsdb.path>/thanos.shipper.json}): the blocks already uploaded,
 * {@code {"version": 1, "uploaded": [ULID, ...]}}. Prometheus' {@code --storage.tsdb.delay-compact-file.path}
 * reads the same file to hold back compaction of blocks not shipped yet.
 */
record ShipperState(List<String> uploaded) {

  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  ShipperState {
    uploaded = List.copyOf(uploaded);
  }

  /** The state on disk; empty when the file does not exist. A corrupt file is an error for the caller to log. */
  static ShipperState read(Path file) throws IOException {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new ShipperState(List.of());
    }
    JsonNode root;
    try {
      root = JSON.readTree(b);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": expected a JSON object");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IOException(file + ": unexpected shipper state version " + root.path("version"));
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode n : root.path("uploaded")) {
      ids.add(n.asText());
    }
    return new ShipperState(ids);
  }

  /** Writes atomically (temporary file, fsync, rename), as Thanos does, so a crash never leaves half a file. */
  void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    if (uploaded.isEmpty()) {
      root.putNull("uploaded"); // Go marshals the nil slice Thanos builds as null
    } else {
      ArrayNode a = root.putArray("uploaded");
      uploaded.forEach(a::add);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(GoJsonWriter.encode(root)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
