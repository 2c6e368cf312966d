package io.thanosj.tsdb.querier;

import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.postings.Postings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns label matchers into the postings of the matching series, following Prometheus 2.42's
 * {@code PostingsForMatchers}: a matcher that matches the empty string also selects series without
 * the label, negative matchers are subtracted from the positive ones (or from all series when there
 * are none), and equality matchers read exactly one list. Lists are combined lazily.
 */
public final class PostingsForMatchers {

  private PostingsForMatchers() {}

  public static Postings select(IndexReader ix, List<Matcher> ms) {
    List<Postings> its = new ArrayList<>();
    List<Postings> notIts = new ArrayList<>();
    Set<String> mustBeSet = new HashSet<>();
    for (Matcher m : ms) {
      if (!m.matchesEmpty()) {
        mustBeSet.add(m.name());
      }
    }
    for (Matcher m : ms) {
      if (m.name().isEmpty() && m.value().isEmpty()) {
        its.add(ix.allPostings());
      } else if (mustBeSet.contains(m.name())) {
        boolean matchesEmpty = m.matchesEmpty();
        boolean isNot = m.type() == Matcher.Type.NEQ || m.type() == Matcher.Type.NRE;
        if (isNot && matchesEmpty) { // l!="foo" where l must be set elsewhere: subtract l="foo"
          notIts.add(postingsFor(ix, inverse(m)));
        } else if (isNot) { // l!="" and the like: series with any value the inverse rejects
          Postings p = inversePostingsFor(ix, inverse(m));
          if (p == Postings.EMPTY) {
            return Postings.EMPTY;
          }
          its.add(p);
        } else {
          Postings p = postingsFor(ix, m);
          if (p == Postings.EMPTY) {
            return Postings.EMPTY;
          }
          its.add(p);
        }
      } else { // matches "" : also series without the label, so subtract the non-matching values
        notIts.add(inversePostingsFor(ix, m));
      }
    }
    if (its.isEmpty() && !notIts.isEmpty()) {
      its.add(ix.allPostings());
    }
    Postings it = Postings.intersect(its);
    for (Postings n : notIts) {
      it = Postings.without(it, n);
    }
    return it;
  }

  private static Matcher inverse(Matcher m) {
    Matcher.Type t = switch (m.type()) {
      case EQ -> Matcher.Type.NEQ;
      case NEQ -> Matcher.Type.EQ;
      case RE -> Matcher.Type.NRE;
      case NRE -> Matcher.Type.RE;
    };
    return Matcher.of(t, m.name(), m.value());
  }

  /** Series that have the label with a value the matcher accepts (never series lacking it). */
  private static Postings postingsFor(IndexReader ix, Matcher m) {
    if (m.type() == Matcher.Type.EQ) {
      return ix.postings(m.name(), m.value());
    }
    List<Postings> ps = new ArrayList<>();
    // Only values with the regex's literal prefix can match (for =~; != and !~ match almost all).
    String prefix = m.type() == Matcher.Type.RE ? m.literalPrefix() : "";
    ix.postingsTable().forEachValue(m.name(), prefix, (value, start, end) -> {
      if (m.matches(value)) {
        ps.add(ix.readPostings(start));
      }
    });
    return Postings.merge(ps);
  }

  /** Series that have the label with a value the matcher rejects. */
  private static Postings inversePostingsFor(IndexReader ix, Matcher m) {
    boolean all = m.type() == Matcher.Type.EQ && m.value().isEmpty();
    List<Postings> ps = new ArrayList<>();
    // A !~ matcher rejects only values its regex matches, which all start with the literal prefix.
    String prefix = m.type() == Matcher.Type.NRE ? m.literalPrefix() : "";
    ix.postingsTable().forEachValue(m.name(), prefix, (value, start, end) -> {
      if (all || !m.matches(value)) {
        ps.add(ix.readPostings(start));
      }
    });
    return Postings.merge(ps);
  }
}
