package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.Matcher.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalLabelSelectionTest {

  private static final Labels EXT = Labels.of("cluster", "eu", "replica", "a");

  @Test
  void matchersOnExternalLabelsAreDecidedLocallyAndDropped() {
    Matcher job = Matcher.equal("job", "api");
    ExternalLabelSelection s = ExternalLabelSelection.of(List.of(job, Matcher.of(Type.RE, "cluster", "e.*"), Matcher.of(Type.NEQ, "replica", "b")), EXT);
    assertThat(s.matches()).isTrue();
    assertThat(s.remaining()).containsExactly(job);
  }

  @Test
  void aFailingExternalMatcherRulesTheSidecarOut() {
    ExternalLabelSelection s = ExternalLabelSelection.of(List.of(Matcher.equal("job", "api"), Matcher.equal("cluster", "us")), EXT);
    assertThat(s.matches()).isFalse();
    assertThat(s.remaining()).isEmpty();
  }

  @Test
  void matchersOnOtherLabelsPassThroughEvenWhenTheyMatchEmpty() {
    Matcher noFoo = Matcher.equal("foo", "");
    ExternalLabelSelection s = ExternalLabelSelection.of(List.of(noFoo), EXT);
    assertThat(s.matches()).isTrue();
    assertThat(s.remaining()).containsExactly(noFoo);
  }
}
