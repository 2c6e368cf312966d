package io.thanosj.tsdb.postings;

/** Leap-frog intersection: each input seeks to the largest current reference until all agree. */
final class IntersectPostings implements Postings {

  private final Postings[] ps;
  private long cur;
  private boolean done;

  IntersectPostings(Postings[] ps) {
    this.ps = ps;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    if (!ps[0].next()) {
      done = true;
      return false;
    }
    return align(ps[0].at());
  }

  @Override
  public boolean seek(long v) {
    if (done) {
      return false;
    }
    if (!ps[0].seek(Math.max(v, cur))) {
      done = true;
      return false;
    }
    return align(ps[0].at());
  }

  /** Moves all inputs to the first reference ≥ target that every input contains. */
  private boolean align(long target) {
    int agreeing = 1;
    int i = 1;
    while (agreeing < ps.length) {
      Postings p = ps[i];
      if (!p.seek(target)) {
        done = true;
        return false;
      }
      long at = p.at();
      if (at == target) {
        agreeing++;
      } else {
        target = at;
        agreeing = 1;
      }
      i = i + 1 == ps.length ? 0 : i + 1;
    }
    cur = target;
    return true;
  }

  @Override
  public long at() {
    return cur;
  }
}
