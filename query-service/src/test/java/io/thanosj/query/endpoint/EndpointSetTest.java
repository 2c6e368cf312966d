package io.thanosj.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proxy.ProxyEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointSetTest {

  /** A store whose Info answers or fails on demand. */
  static final class SwitchableStore implements StoreApi, AutoCloseable {
    volatile boolean up = true;
    volatile boolean hang;
    boolean closed;
    final Labels external;

    SwitchableStore(Labels external) {
      this.external = external;
    }

    @Override
    public InfoResponse info() {
      if (hang) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (!up) {
        throw Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
      }
      return InfoResponse.newBuilder().setComponentType("sidecar").addLabelSets(StoreProtos.toLabelSet(external))
          .setStore(StoreInfo.newBuilder().setMinTime(100).setMaxTime(200)).build();
    }

    @Override
    public SeriesSet series(SeriesRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public LabelNamesResponse labelNames(LabelNamesRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public LabelValuesResponse labelValues(LabelValuesRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final Map<String, SwitchableStore> stores = new HashMap<>();
  private final Set<String> discovered = new LinkedHashSet<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private EndpointSet set(Duration unhealthyTimeout) {
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    return new EndpointSet(() -> Set.copyOf(discovered), stores::get, Duration.ofMillis(300), unhealthyTimeout, clock);
  }

  private SwitchableStore add(String address, String replica) {
    SwitchableStore s = new SwitchableStore(Labels.of("replica", replica));
    stores.put(address, s);
    discovered.add(address);
    return s;
  }

  @Test
  void healthyEndpointsCarryTheirInfo() {
    add("a:1", "a");
    try (EndpointSet set = set(Duration.ofMinutes(5))) {
      set.update();
      ProxyEndpoint e = set.endpoints().get(0);
      assertThat(e.isUp()).isTrue();
      assertThat(e.labelSets()).containsExactly(Labels.of("replica", "a"));
      assertThat(e.minTime()).isEqualTo(100);
      assertThat(set.statuses()).singleElement().satisfies(s -> {
        assertThat(s.componentType()).isEqualTo("sidecar");
        assertThat(s.lastError()).isNull();
        assertThat(s.lastCheck()).isEqualTo(now);
      });
    }
  }

  @Test
  void aFailingEndpointIsDownThenForgottenAndRejoinsWhenItAnswers() {
    SwitchableStore b = add("b:1", "b");
    try (EndpointSet set = set(Duration.ofMinutes(5))) {
      set.update();
      b.up = false;
      now = now.plusSeconds(5);
      set.update();
      assertThat(set.endpoints()).singleElement().satisfies(e -> {
        assertThat(e.isUp()).isFalse();
        assertThat(e.downReason()).contains("connection refused");
        assertThat(e.labelSets()).as("last known label sets").containsExactly(Labels.of("replica", "b"));
      });
      assertThat(set.statuses().get(0).lastError()).contains("connection refused");
      now = now.plusSeconds(301);
      set.update();
      assertThat(set.endpoints()).as("unhealthy for longer than the timeout").isEmpty();
      assertThat(set.statuses()).isEmpty();
      b.up = true;
      now = now.plusSeconds(5);
      set.update();
      assertThat(set.endpoints()).singleElement().satisfies(e -> assertThat(e.isUp()).isTrue());
    }
  }

  @Test
  void aHangingInfoCallTimesOut() {
    add("a:1", "a");
    SwitchableStore slow = add("slow:1", "s");
    slow.hang = true;
    try (EndpointSet set = set(Duration.ofMinutes(5))) {
      long t0 = System.nanoTime();
      set.update();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(set.endpoints()).filteredOn(ProxyEndpoint::isUp).extracting(ProxyEndpoint::name).containsExactly("a:1");
    }
  }

  @Test
  void vanishedAddressesAreDroppedAndTheirClientsClosed() {
    add("a:1", "a");
    SwitchableStore b = add("b:1", "b");
    try (EndpointSet set = set(Duration.ofMinutes(5))) {
      set.update();
      assertThat(set.endpoints()).hasSize(2);
      discovered.remove("b:1");
      set.update();
      assertThat(set.endpoints()).extracting(ProxyEndpoint::name).containsExactly("a:1");
      assertThat(b.closed).isTrue();
    }
  }
}
