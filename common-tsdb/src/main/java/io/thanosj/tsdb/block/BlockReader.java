package io.thanosj.tsdb.block;

import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.io.ByteSource;
import io.thanosj.tsdb.io.MappedFileSource;
import io.thanosj.tsdb.querier.BlockQuerier;
import io.thanosj.tsdb.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An open block directory: meta.json, the memory-mapped index and chunk segments, and tombstones
 * (a missing tombstones file, as in blocks downloaded from object storage, means none). Query it
 * through {@link #querier(long, long)}. Thread-safe; close it when done.
 */
public final class BlockReader implements AutoCloseable {

  public static final String INDEX_FILE = "index";
  public static final String CHUNKS_DIR = "chunks";

  private final Path dir;
  private final BlockMeta meta;
  private final IndexReader index;
  private final ChunkReader chunks;
  private final Tombstones tombstones;

  public BlockReader(Path dir, BlockMeta meta, IndexReader index, ChunkReader chunks, Tombstones tombstones) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
  }

  public static BlockReader open(Path dir) {
    String id = dir.getFileName().toString();
    BlockMeta meta = MetaJson.read(dir);
    IndexReader index = IndexReader.open(MappedFileSource.open(dir.resolve(INDEX_FILE), id + "/" + INDEX_FILE));
    List<ByteSource> segs = new ArrayList<>();
    try {
      for (Path p : segmentFiles(dir.resolve(CHUNKS_DIR))) {
        segs.add(MappedFileSource.open(p, id + "/" + CHUNKS_DIR + "/" + p.getFileName()));
      }
      ChunkReader chunks = ChunkReader.open(segs);
      Path ts = dir.resolve(Tombstones.FILE_NAME);
      Tombstones tombstones = Files.exists(ts)
          ? Tombstones.read(MappedFileSource.open(ts, id + "/" + Tombstones.FILE_NAME))
          : Tombstones.EMPTY;
      return new BlockReader(dir, meta, index, chunks, tombstones);
    } catch (RuntimeException e) {
      index.close();
      segs.forEach(ByteSource::close);
      throw e;
    }
  }

  /**
   * Segment files of a chunks directory in sequence order: names that are decimal numbers, as
   * Prometheus' {@code sequenceFiles} accepts them; other files are ignored.
   */
  public static List<Path> segmentFiles(Path chunksDir) {
    if (!Files.isDirectory(chunksDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(chunksDir)) {
      return s.filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .sorted((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
              Long.parseLong(b.getFileName().toString())))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + chunksDir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public BlockMeta meta() {
    return meta;
  }

  public IndexReader index() {
    return index;
  }

  public ChunkReader chunks() {
    return chunks;
  }

  public Tombstones tombstones() {
    return tombstones;
  }

  /** A querier over {@code [mint, maxt]} (ms, both inclusive). */
  public BlockQuerier querier(long mint, long maxt) {
    return new BlockQuerier(index, chunks, tombstones, mint, maxt);
  }

  @Override
  public void close() {
    index.close();
    chunks.close();
  }
}
