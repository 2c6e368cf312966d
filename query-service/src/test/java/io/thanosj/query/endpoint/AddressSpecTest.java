package io.thanosj.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressSpecTest {

  @Test
  void parsesThanosAddressForms() {
    assertThat(AddressSpec.parse("store:10901")).isEqualTo(new AddressSpec("store:10901", AddressSpec.Kind.STATIC, "store", "10901"));
    assertThat(AddressSpec.parse("dns+sidecar.ns.svc:10901").kind()).isEqualTo(AddressSpec.Kind.DNS_A);
    assertThat(AddressSpec.parse("dnssrv+_grpc._tcp.store.ns.svc"))
        .isEqualTo(new AddressSpec("dnssrv+_grpc._tcp.store.ns.svc", AddressSpec.Kind.DNS_SRV, "_grpc._tcp.store.ns.svc", ""));
    assertThat(AddressSpec.parse("dnssrvnoa+_grpc._tcp.x:1234").port()).isEqualTo("1234");
    assertThat(AddressSpec.parse("[::1]:10901").host()).isEqualTo("::1");
  }

  @Test
  void rejectsWhatThanosRejects() {
    assertThatThrownBy(() -> AddressSpec.parse("dns+host")).hasMessageContaining("missing port");
    assertThatThrownBy(() -> AddressSpec.parse("host")).hasMessageContaining("missing port");
    assertThatThrownBy(() -> AddressSpec.parse("dnsx+host:1")).hasMessageContaining("unknown DNS discovery prefix");
    assertThatThrownBy(() -> AddressSpec.parse("host:abc")).hasMessageContaining("bad port");
  }

  @Test
  void joinsIpv6WithBrackets() {
    assertThat(AddressSpec.join("::1", "9")).isEqualTo("[::1]:9");
    assertThat(AddressSpec.join("10.0.0.1", "9")).isEqualTo("10.0.0.1:9");
  }
}
