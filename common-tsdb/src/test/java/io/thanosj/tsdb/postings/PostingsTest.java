package io.thanosj.tsdb.postings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PostingsTest {

  private static long[] randomList(SplittableRandom rnd, int universe) {
    TreeSet<Long> s = new TreeSet<>();
    int n = rnd.nextInt(universe / 2 + 1);
    for (int i = 0; i < n; i++) {
      s.add((long) rnd.nextInt(universe));
    }
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  private static Postings encoded(long[] refs) {
    ByteBuffer b = ByteBuffer.allocate(3 + 4 * refs.length);
    for (int i = 0; i < refs.length; i++) {
      b.putInt(3 + 4 * i, (int) refs[i]);
    }
    return new BigEndianPostings(b, 3, refs.length);
  }

  private static Postings either(SplittableRandom rnd, long[] refs) {
    return rnd.nextBoolean() ? Postings.of(refs) : encoded(refs);
  }

  @Test
  void combinatorsAgreeWithSetOperationsOnRandomLists() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < 3000; round++) {
      int universe = 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 2000);
      int k = 1 + rnd.nextInt(4);
      List<long[]> lists = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        lists.add(randomList(rnd, universe));
      }
      TreeSet<Long> inter = null;
      TreeSet<Long> union = new TreeSet<>();
      for (long[] l : lists) {
        TreeSet<Long> s = new TreeSet<>();
        for (long v : l) {
          s.add(v);
        }
        union.addAll(s);
        if (inter == null) {
          inter = s;
        } else {
          inter.retainAll(s);
        }
      }
      List<Postings> ps = new ArrayList<>();
      lists.forEach(l -> ps.add(either(rnd, l)));
      assertThat(Postings.toArray(Postings.intersect(ps))).containsExactly(toArray(inter));
      List<Postings> ps2 = new ArrayList<>();
      lists.forEach(l -> ps2.add(either(rnd, l)));
      assertThat(Postings.toArray(Postings.merge(ps2))).containsExactly(toArray(union));
      TreeSet<Long> diff = new TreeSet<>();
      for (long v : lists.get(0)) {
        diff.add(v);
      }
      long[] drop = randomList(rnd, universe);
      for (long v : drop) {
        diff.remove(v);
      }
      assertThat(Postings.toArray(Postings.without(either(rnd, lists.get(0)), either(rnd, drop))))
          .containsExactly(toArray(diff));
    }
  }

  @Test
  void seekFollowsTheProtocolForEveryImplementation() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (int round = 0; round < 2000; round++) {
      long[] a = randomList(rnd, 300);
      long[] b = randomList(rnd, 300);
      TreeSet<Long> union = new TreeSet<>();
      for (long v : a) {
        union.add(v);
      }
      for (long v : b) {
        union.add(v);
      }
      TreeSet<Long> inter = new TreeSet<>();
      for (long v : a) {
        if (union.contains(v) && contains(b, v)) {
          inter.add(v);
        }
      }
      checkSeeks(rnd, Postings.merge(List.of(either(rnd, a), either(rnd, b))), union);
      checkSeeks(rnd, Postings.intersect(List.of(either(rnd, a), either(rnd, b))), inter);
      TreeSet<Long> aOnly = new TreeSet<>();
      for (long v : a) {
        if (!contains(b, v)) {
          aOnly.add(v);
        }
      }
      checkSeeks(rnd, Postings.without(either(rnd, a), either(rnd, b)), aOnly);
    }
  }

  private static void checkSeeks(SplittableRandom rnd, Postings p, TreeSet<Long> want) {
    Long cur = null;
    for (int step = 0; step < 20; step++) {
      if (rnd.nextBoolean()) {
        long target = rnd.nextInt(320);
        Long expect = cur != null && cur >= target ? cur : want.ceiling(target);
        boolean ok = p.seek(target);
        assertThat(ok).isEqualTo(expect != null);
        if (!ok) {
          assertThat(p.next()).isFalse();
          return;
        }
        assertThat(p.at()).isEqualTo(expect);
        cur = expect;
      } else {
        Long expect = cur == null ? (want.isEmpty() ? null : want.first()) : want.higher(cur);
        boolean ok = p.next();
        assertThat(ok).isEqualTo(expect != null);
        if (!ok) {
          assertThat(p.seek(0)).isFalse();
          return;
        }
        assertThat(p.at()).isEqualTo(expect);
        cur = expect;
      }
    }
  }

  private static boolean contains(long[] a, long v) {
    return java.util.Arrays.binarySearch(a, v) >= 0;
  }

  private static long[] toArray(TreeSet<Long> s) {
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void bigEndianPostingsReadUnsignedReferences() {
    long[] refs = {1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL};
    Postings p = encoded(refs);
    assertThat(Postings.toArray(p)).containsExactly(refs);
    Postings q = encoded(refs);
    assertThat(q.seek(0x80000000L)).isTrue();
    assertThat(q.at()).isEqualTo(0x80000000L);
  }
}
