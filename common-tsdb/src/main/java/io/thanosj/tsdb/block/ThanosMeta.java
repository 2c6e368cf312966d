package io.thanosj.tsdb.block;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code thanos} section of meta.json, as Thanos writes it (pkg/block/metadata). Fields that
 * Thanos itself only carries along ({@code rewrites}, {@code extensions}) are kept as parsed JSON and
 * written back unchanged.
 *
 * @param version 0 or 1 (both mean v1; 0 is omitted on write)
 * @param labels external labels; null is written as {@code null} (Go's nil map) and read as empty
 * @param downsampleResolution 0 (raw), 300000 (5m) or 3600000 (1h) ms
 * @param source who uploaded: sidecar, receive, compactor, ruler, … or ""
 * @param segmentFiles deprecated list of chunk file names, omitted when empty
 * @param files block files sorted by relative path, omitted when empty
 * @param rewrites null when absent
 * @param indexStats always written, as {@code {}} when both are zero
 * @param extensions null when absent
 * @param uploadTime RFC 3339 time as Go writes it; {@code 0001-01-01T00:00:00Z} when unset
 */
public record ThanosMeta(
    int version,
    Map<String, String> labels,
    long downsampleResolution,
    String source,
    List<String> segmentFiles,
    List<BlockFile> files,
    JsonNode rewrites,
    IndexStats indexStats,
    JsonNode extensions,
    String uploadTime) {

  public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  public static final long RES_RAW = 0;
  public static final long RES_5M = 5 * 60 * 1000;
  public static final long RES_1H = 60 * 60 * 1000;

  public ThanosMeta {
    segmentFiles = segmentFiles == null ? List.of() : List.copyOf(segmentFiles);
    files = files == null ? List.of() : List.copyOf(files);
    indexStats = indexStats == null ? IndexStats.NONE : indexStats;
    source = source == null ? "" : source;
    uploadTime = uploadTime == null ? ZERO_TIME : uploadTime;
  }

  /** A minimal section: version 1, the given labels, resolution and source. */
  public static ThanosMeta of(Map<String, String> labels, long resolution, String source) {
    return new ThanosMeta(1, labels, resolution, source, List.of(), List.of(), null, IndexStats.NONE, null, ZERO_TIME);
  }

  /** One file of the block: relative path, size (omitted when 0, e.g. meta.json), optional hash. */
  public record BlockFile(String relPath, long sizeBytes, ObjectHash hash) {}

  /** {@code {"hashFunc": "SHA256", "value": "<hex>"}}. */
  public record ObjectHash(String func, String value) {}

  /** Largest series entry and chunk, as the compactor records them; 0 = unknown (omitted). */
  public record IndexStats(long seriesMaxSize, long chunkMaxSize) {
    public static final IndexStats NONE = new IndexStats(0, 0);
  }
}
