package io.thanosj.storeapi;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.InvalidMatcherException;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringInterner;
import io.thanosj.labels.StringOrder;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.ZLabelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversions between StoreAPI wire messages and the {@link Labels} / {@link Matcher} values the rest
 * of ThanosJ works with. Stores call these at their boundary; nothing else should build label
 * messages by hand.
 */
public final class StoreProtos {

  private StoreProtos() {}

  /**
   * Labels from wire labels, interning names and values (see {@link StringInterner#LABELS}). Thanos
   * always sends series labels sorted and unique; anything else (a foreign store, a hand-made
   * request) is sorted here rather than trusted. Empty values mean "absent", as in Prometheus.
   */
  public static Labels labels(List<Label> wire) {
    return labels(wire, StringInterner.LABELS);
  }

  public static Labels labels(List<Label> wire, StringInterner interner) {
    int n = wire.size();
    if (n == 0) {
      return Labels.EMPTY;
    }
    String[] pairs = new String[n << 1];
    boolean sortedUniqueNonEmpty = true;
    for (int i = 0; i < n; i++) {
      Label l = wire.get(i);
      String name = interner.intern(l.getName());
      String value = interner.intern(l.getValue());
      pairs[i << 1] = name;
      pairs[(i << 1) + 1] = value;
      if (value.isEmpty() || (i > 0 && StringOrder.compare(pairs[(i - 1) << 1], name) >= 0)) {
        sortedUniqueNonEmpty = false;
      }
    }
    if (sortedUniqueNonEmpty) {
      return Labels.fromSortedPairs(pairs);
    }
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.set(pairs[i], pairs[i + 1]);
    }
    return b.build();
  }

  /** Wire labels in sorted order. */
  public static List<Label> toProto(Labels labels) {
    int n = labels.size();
    List<Label> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
    }
    return out;
  }

  public static ZLabelSet toLabelSet(Labels labels) {
    return ZLabelSet.newBuilder().addAllLabels(toProto(labels)).build();
  }

  public static List<ZLabelSet> toLabelSets(List<Labels> sets) {
    List<ZLabelSet> out = new ArrayList<>(sets.size());
    for (Labels l : sets) {
      out.add(toLabelSet(l));
    }
    return out;
  }

  public static List<Labels> labelSets(List<ZLabelSet> wire) {
    List<Labels> out = new ArrayList<>(wire.size());
    for (ZLabelSet s : wire) {
      out.add(labels(s.getLabelsList()));
    }
    return out;
  }

  /**
   * Matchers from a request.
   *
   * @throws StatusRuntimeException INVALID_ARGUMENT naming the offending matcher when a regex does
   *     not compile or the type is not one of the four Thanos defines
   */
  public static List<Matcher> matchers(List<LabelMatcher> wire) {
    List<Matcher> out = new ArrayList<>(wire.size());
    for (LabelMatcher m : wire) {
      out.add(matcher(m));
    }
    return out;
  }

  public static Matcher matcher(LabelMatcher m) {
    Matcher.Type type =
        switch (m.getType()) {
          case EQ -> Matcher.Type.EQ;
          case NEQ -> Matcher.Type.NEQ;
          case RE -> Matcher.Type.RE;
          case NRE -> Matcher.Type.NRE;
          case UNRECOGNIZED -> throw Status.INVALID_ARGUMENT
              .withDescription("unknown matcher type " + m.getTypeValue() + " for label " + m.getName())
              .asRuntimeException();
        };
    try {
      return Matcher.of(type, m.getName(), m.getValue());
    } catch (InvalidMatcherException e) {
      throw Status.INVALID_ARGUMENT
          .withDescription("bad matcher " + m.getName() + type.symbol() + quote(m.getValue()) + ": " + e.getMessage())
          .asRuntimeException();
    }
  }

  public static LabelMatcher toProto(Matcher m) {
    LabelMatcher.Type type =
        switch (m.type()) {
          case EQ -> LabelMatcher.Type.EQ;
          case NEQ -> LabelMatcher.Type.NEQ;
          case RE -> LabelMatcher.Type.RE;
          case NRE -> LabelMatcher.Type.NRE;
        };
    return LabelMatcher.newBuilder().setType(type).setName(m.name()).setValue(m.value()).build();
  }

  public static List<LabelMatcher> toProtoMatchers(List<Matcher> matchers) {
    List<LabelMatcher> out = new ArrayList<>(matchers.size());
    for (Matcher m : matchers) {
      out.add(toProto(m));
    }
    return out;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
