package io.thanosj.store.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A block's {@code deletion-mark.json}: {@code {"id":"<ULID>","version":1,"deletion_time":<unix s>}}. */
public record DeletionMark(String id, long deletionTimeSeconds) {

  public static final String FILE_NAME = "deletion-mark.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses the marker; a version other than 1 or a missing field is an error naming the file. */
  public static DeletionMark parse(byte[] json, String name) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": unmarshal marker JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(name + ": unmarshal marker JSON: not an object");
    }
    int version = n.path("version").asInt(-1);
    if (version != 1) {
      throw new IllegalArgumentException(name + ": unexpected deletion-mark file version " + version + ", expected 1");
    }
    JsonNode t = n.get("deletion_time");
    if (t == null || !t.canConvertToLong()) {
      throw new IllegalArgumentException(name + ": deletion_time is missing or not a number");
    }
    return new DeletionMark(n.path("id").asText(""), t.asLong());
  }
}
