package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.util.List;

/**
 * Whether an endpoint can hold data for a request, judged from its Info (Thanos' proxy store
 * selection): its time range must overlap the request's, and at least one of its external label
 * sets must agree with the matchers that name an external label. Matchers on other labels say
 * nothing about an endpoint, so they never exclude it.
 */
final class EndpointMatching {

  private EndpointMatching() {}

  static boolean matches(ProxyEndpoint e, long minTime, long maxTime, List<Matcher> matchers) {
    return overlaps(e, minTime, maxTime) && labelSetsMatch(e.labelSets(), matchers);
  }

  static boolean overlaps(ProxyEndpoint e, long minTime, long maxTime) {
    return e.minTime() <= maxTime && minTime <= e.maxTime();
  }

  static boolean labelSetsMatch(List<Labels> labelSets, List<Matcher> matchers) {
    if (labelSets.isEmpty()) {
      return true;
    }
    for (Labels set : labelSets) {
      if (labelSetMatches(set, matchers)) {
        return true;
      }
    }
    return false;
  }

  private static boolean labelSetMatches(Labels set, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      if (set.has(m.name()) && !m.matches(set.get(m.name()))) {
        return false;
      }
    }
    return true;
  }
}
