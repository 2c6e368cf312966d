package io.thanosj.storeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringInterner;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.LabelMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreProtosTest {

  private static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  @Test
  void labelsRoundTripInSortedOrder() {
    Labels l = Labels.of("job", "api", "__name__", "up", "instance", "a:9090");
    List<Label> wire = StoreProtos.toProto(l);
    assertThat(wire).extracting(Label::getName).containsExactly("__name__", "instance", "job");
    assertThat(StoreProtos.labels(wire)).isEqualTo(l);
  }

  @Test
  void unsortedDuplicateOrEmptyWireLabelsAreNormalised() {
    Labels got = StoreProtos.labels(List.of(label("b", "2"), label("a", "1"), label("c", ""), label("b", "3")));
    assertThat(got).isEqualTo(Labels.of("a", "1", "b", "3"));
    assertThat(got.size()).isEqualTo(2);
  }

  @Test
  void decodedStringsAreInterned() {
    StringInterner interner = new StringInterner(64);
    String a = new String("production".toCharArray());
    String b = new String("production".toCharArray());
    Labels x = StoreProtos.labels(List.of(label("env", a)), interner);
    Labels y = StoreProtos.labels(List.of(label("env", b)), interner);
    assertThat(x.value(0)).isSameAs(y.value(0));
  }

  @Test
  void matchersRoundTripForAllFourTypes() {
    List<Matcher> ms = List.of(
        Matcher.of(Matcher.Type.EQ, "a", "1"),
        Matcher.of(Matcher.Type.NEQ, "b", "2"),
        Matcher.of(Matcher.Type.RE, "c", "x|y"),
        Matcher.of(Matcher.Type.NRE, "d", "z.*"));
    List<LabelMatcher> wire = StoreProtos.toProtoMatchers(ms);
    assertThat(wire).extracting(LabelMatcher::getType)
        .containsExactly(LabelMatcher.Type.EQ, LabelMatcher.Type.NEQ, LabelMatcher.Type.RE, LabelMatcher.Type.NRE);
    assertThat(StoreProtos.matchers(wire)).isEqualTo(ms);
  }

  @Test
  void badRegexOrUnknownTypeIsInvalidArgumentNamingTheMatcher() {
    LabelMatcher bad = LabelMatcher.newBuilder().setType(LabelMatcher.Type.NRE).setName("job").setValue("[a-").build();
    assertThatThrownBy(() -> StoreProtos.matchers(List.of(bad)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith("bad matcher job!~\"[a-\": ");
        });
    LabelMatcher unknown = LabelMatcher.newBuilder().setTypeValue(7).setName("job").setValue("x").build();
    assertThatThrownBy(() -> StoreProtos.matcher(unknown))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("unknown matcher type 7");
        });
  }
}
