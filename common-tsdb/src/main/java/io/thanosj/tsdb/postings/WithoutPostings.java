package io.thanosj.tsdb.postings;

/** References of {@code full} that {@code drop} does not contain; {@code drop} only ever seeks. */
final class WithoutPostings implements Postings {

  private final Postings full;
  private final Postings drop;
  private boolean dropDone;
  private long cur;

  WithoutPostings(Postings full, Postings drop) {
    this.full = full;
    this.drop = drop;
  }

  @Override
  public boolean next() {
    if (!full.next()) {
      return false;
    }
    return skipDropped();
  }

  @Override
  public boolean seek(long v) {
    if (!full.seek(v)) {
      return false;
    }
    return skipDropped();
  }

  private boolean skipDropped() {
    while (true) {
      long at = full.at();
      if (dropDone || !drop.seek(at)) {
        dropDone = true;
        cur = at;
        return true;
      }
      if (drop.at() != at) {
        cur = at;
        return true;
      }
      if (!full.next()) {
        return false;
      }
    }
  }

  @Override
  public long at() {
    return cur;
  }
}
