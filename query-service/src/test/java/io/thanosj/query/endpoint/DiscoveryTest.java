package io.thanosj.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

  /** A DNS table; a name mapped to null fails the lookup. */
  static final class TableResolver implements Resolver {
    final Map<String, List<String>> a = new HashMap<>();
    final Map<String, List<SrvRecord>> srv = new HashMap<>();
    int lookups;

    @Override
    public List<String> lookupIp(String host) throws Exception {
      lookups++;
      if (!a.containsKey(host) || a.get(host) == null) {
        throw new java.net.UnknownHostException(host);
      }
      return a.get(host);
    }

    @Override
    public List<SrvRecord> lookupSrv(String name) {
      lookups++;
      return srv.getOrDefault(name, List.of());
    }
  }

  private final TableResolver dns = new TableResolver();
  private final AtomicLong now = new AtomicLong();

  private Discovery discovery(List<String> specs, FileSd fileSd) {
    return new Discovery(specs, fileSd, dns, Duration.ofSeconds(30), now::get);
  }

  @Test
  void staticAddressesPassThrough() {
    assertThat(discovery(List.of("a:1", "b:2", "a:1"), null).addresses()).containsExactly("a:1", "b:2");
  }

  @Test
  void dnsPrefixesResolveAsThanosDoes() {
    dns.a.put("sidecar", List.of("10.0.0.1", "10.0.0.2"));
    dns.a.put("store-0", List.of("10.0.1.1"));
    dns.a.put("store-1", List.of("10.0.1.2"));
    dns.srv.put("_grpc._tcp.store", List.of(new Resolver.SrvRecord("store-0", 10901), new Resolver.SrvRecord("store-1", 10901)));
    assertThat(discovery(List.of("dns+sidecar:10901"), null).addresses()).containsExactly("10.0.0.1:10901", "10.0.0.2:10901");
    assertThat(discovery(List.of("dnssrv+_grpc._tcp.store"), null).addresses()).containsExactly("10.0.1.1:10901", "10.0.1.2:10901");
    assertThat(discovery(List.of("dnssrv+_grpc._tcp.store:9999"), null).addresses()).containsExactly("10.0.1.1:9999", "10.0.1.2:9999");
    assertThat(discovery(List.of("dnssrvnoa+_grpc._tcp.store"), null).addresses()).containsExactly("store-0:10901", "store-1:10901");
  }

  @Test
  void answersAreReusedForTheDnsIntervalAndKeptWhenALookupFails() {
    dns.a.put("sidecar", List.of("10.0.0.1"));
    Discovery d = discovery(List.of("dns+sidecar:1"), null);
    assertThat(d.addresses()).containsExactly("10.0.0.1:1");
    dns.a.put("sidecar", List.of("10.0.0.9"));
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(d.addresses()).as("within the interval").containsExactly("10.0.0.1:1");
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(d.addresses()).as("after the interval").containsExactly("10.0.0.9:1");
    dns.a.put("sidecar", null);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(d.addresses()).as("lookup failed: previous answer").containsExactly("10.0.0.9:1");
  }

  @Test
  void fileSdTargetsMayUseDnsPrefixesToo(@TempDir Path dir) throws Exception {
    dns.a.put("rx", List.of("10.9.9.9"));
    Path f = dir.resolve("targets.json");
    Files.writeString(f, "[{\"targets\":[\"s1:10901\",\"dns+rx:10901\"],\"labels\":{\"x\":\"y\"}}]");
    assertThat(discovery(List.of("a:1"), new FileSd(List.of(f.toString()), Duration.ofMinutes(5))).addresses())
        .containsExactly("a:1", "s1:10901", "10.9.9.9:10901");
  }

  @Test
  void badAddressesAreSkipped() {
    List<String> specs = new ArrayList<>(List.of("ok:1", "dns+noport"));
    assertThat(discovery(specs, null).addresses()).containsExactly("ok:1");
  }
}
