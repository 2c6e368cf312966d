package io.thanosj.store.block;

import io.thanosj.tsdb.io.ByteSource;
import java.nio.ByteBuffer;

/**
 * A remote index as one file: the regions its index header holds are read locally, the rest
 * (postings lists, series entries) from byte ranges fetched from the bucket.
 */
final class IndexView implements ByteSource {

  private final LocalIndexRegions local;
  private final FetchedRanges remote;

  IndexView(LocalIndexRegions local, FetchedRanges remote) {
    this.local = local;
    this.remote = remote;
  }

  FetchedRanges remote() {
    return remote;
  }

  @Override
  public String name() {
    return local.indexName();
  }

  @Override
  public long size() {
    return local.indexSize();
  }

  @Override
  public ByteBuffer read(long offset, int length) {
    ByteBuffer b = local.read(offset, length);
    return b != null ? b : remote.read(offset, length);
  }

  @Override
  public void close() {
    remote.close();
  }
}
