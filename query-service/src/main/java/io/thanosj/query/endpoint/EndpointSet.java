package io.thanosj.query.endpoint;

import io.grpc.Context;
import io.thanosj.storeapi.ComponentType;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proxy.ProxyEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The querier's endpoints and their health (Thanos' EndpointSet). Every update interval it takes the
 * discovered addresses, connects to new ones, drops vanished ones, and asks each endpoint's Info
 * service what it serves (label sets, time range, component type); an endpoint that does not answer
 * within the Info timeout is unhealthy and not queried, and one unhealthy for longer than
 * {@code --store.unhealthy-timeout} is no longer listed at all. It rejoins on its first good answer.
 */
public final class EndpointSet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EndpointSet.class);

  /** Opens a client for an address; clients that are AutoCloseable are closed when dropped. */
  public interface Connector extends Function<String, StoreApi> {}

  private static final class Endpoint {
    final String address;
    final StoreApi client;
    final Instant added;
    InfoResponse info;
    Instant lastCheck;
    String lastError;
    Instant lastSuccess;

    Endpoint(String address, StoreApi client, Instant added) {
      this.address = address;
      this.client = client;
      this.added = added;
    }
  }

  private final Supplier<Set<String>> discovery;
  private final Connector connector;
  private final Duration infoTimeout;
  private final Duration unhealthyTimeout;
  private final Clock clock;
  private final ExecutorService checks = Executors.newCachedThreadPool(daemon("endpoint-check"));
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private volatile List<ProxyEndpoint> snapshot = List.of();
  private volatile List<EndpointStatus> statuses = List.of();
  // Runs the periodic update and fires Info deadlines.
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("endpoint-update"));

  public EndpointSet(Supplier<Set<String>> discovery, Connector connector, Duration infoTimeout,
      Duration unhealthyTimeout, Clock clock) {
    this.discovery = discovery;
    this.connector = connector;
    this.infoTimeout = infoTimeout;
    this.unhealthyTimeout = unhealthyTimeout;
    this.clock = clock;
  }

  /** Updates now and then every {@code interval} in the background. */
  public synchronized void start(Duration interval) {
    update();
    timer.scheduleWithFixedDelay(this::updateLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void updateLogged() {
    try {
      update();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("endpoint set update failed");
    }
  }

  /** One round: discovery, connections, health checks, then a new snapshot for queries. */
  public synchronized void update() {
    Set<String> addresses;
    try {
      addresses = discovery.get();
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("err", e.getMessage()).log("endpoint discovery failed; keeping the current endpoints");
      addresses = endpoints.keySet();
    }
    Instant now = clock.instant();
    for (String a : addresses) {
      if (!endpoints.containsKey(a)) {
        endpoints.put(a, new Endpoint(a, connector.apply(a), now));
        log.atInfo().addKeyValue("address", a).log("adding new endpoint");
      }
    }
    for (var it = endpoints.values().iterator(); it.hasNext(); ) {
      Endpoint e = it.next();
      if (!addresses.contains(e.address)) {
        it.remove();
        closeClient(e);
        log.atInfo().addKeyValue("address", e.address).log("removing endpoint no longer discovered");
      }
    }
    checkAll();
    publish();
  }

  private record CheckResult(InfoResponse info, String error) {}

  /**
   * Asks every endpoint's Info in parallel. The wait is bounded here too (not only by the gRPC
   * deadline), so one endpoint that hangs cannot hold up the round.
   */
  private void checkAll() {
    Map<Endpoint, CompletableFuture<CheckResult>> running = new LinkedHashMap<>();
    for (Endpoint e : endpoints.values()) {
      running.put(e, CompletableFuture.supplyAsync(() -> check(e), checks));
    }
    long deadline = System.nanoTime() + infoTimeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
    for (Map.Entry<Endpoint, CompletableFuture<CheckResult>> r : running.entrySet()) {
      CheckResult result;
      try {
        result = r.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException ex) {
        r.getValue().cancel(true);
        result = new CheckResult(null, "info call timed out after " + infoTimeout.toMillis() + "ms");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException ex) {
        result = new CheckResult(null, String.valueOf(ex.getCause()));
      }
      apply(r.getKey(), result);
    }
  }

  private CheckResult check(Endpoint e) {
    Context.CancellableContext ctx = Context.current().withDeadlineAfter(
        infoTimeout.toMillis(), TimeUnit.MILLISECONDS, timer);
    try {
      return new CheckResult(ctx.call(e.client::info), null);
    } catch (Exception ex) {
      return new CheckResult(null, ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    } finally {
      ctx.cancel(null);
    }
  }

  private void apply(Endpoint e, CheckResult r) {
    boolean wasHealthy = e.lastCheck != null && e.lastError == null;
    e.lastCheck = clock.instant();
    e.lastError = r.error();
    if (r.info() != null) {
      e.info = r.info();
      e.lastSuccess = e.lastCheck;
      if (!wasHealthy) {
        log.atInfo().addKeyValue("address", e.address).addKeyValue("component", r.info().getComponentType())
            .log("endpoint is healthy");
      }
    } else if (wasHealthy || e.lastSuccess == null) {
      log.atWarn().addKeyValue("address", e.address).addKeyValue("err", r.error()).log("endpoint health check failed");
    }
  }

  private void publish() {
    Instant now = clock.instant();
    List<ProxyEndpoint> proxy = new ArrayList<>();
    List<EndpointStatus> status = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      {
        Instant healthySince = e.lastSuccess != null ? e.lastSuccess : e.added;
        boolean healthy = e.lastError == null && e.info != null;
        if (!healthy && Duration.between(healthySince, now).compareTo(unhealthyTimeout) > 0) {
          continue; // Gone for too long: no longer part of the set (nor of the Stores page).
        }
        InfoResponse info = e.info;
        if (info != null) {
          status.add(new EndpointStatus(e.address, componentName(info), e.lastCheck, e.lastError,
              StoreProtos.labelSets(info.getLabelSetsList()), info.hasStore() ? info.getStore().getMinTime() : Long.MIN_VALUE,
              info.hasStore() ? info.getStore().getMaxTime() : Long.MAX_VALUE));
        } else {
          status.add(new EndpointStatus(e.address, null, e.lastCheck, e.lastError, List.of(), Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (info != null && !info.hasStore()) {
          continue; // Healthy, but it serves no StoreAPI (e.g. a rules-only endpoint).
        }
        if (healthy) {
          proxy.add(ProxyEndpoint.fromInfo(e.address, e.client, info));
        } else if (info != null) {
          proxy.add(ProxyEndpoint.fromInfo(e.address, e.client, info).down(e.lastError));
        } else {
          proxy.add(new ProxyEndpoint(e.address, e.client, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false,
              e.lastError == null ? "not checked yet" : e.lastError));
        }
      }
    }
    status.sort(Comparator.comparing(EndpointStatus::name));
    snapshot = List.copyOf(proxy);
    statuses = List.copyOf(status);
  }

  private static String componentName(InfoResponse info) {
    ComponentType t = ComponentType.fromWireName(info.getComponentType());
    return t == null ? ComponentType.UNKNOWN_WIRE_NAME : t.wireName();
  }

  /** The endpoints for the proxy: healthy ones, and unhealthy ones not yet timed out. */
  public List<ProxyEndpoint> endpoints() {
    return snapshot;
  }

  /** Every listed endpoint's status, by name. */
  public List<EndpointStatus> statuses() {
    return statuses;
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    checks.shutdownNow();
    for (Endpoint e : endpoints.values()) {
      closeClient(e);
    }
    endpoints.clear();
    snapshot = List.of();
    statuses = List.of();
  }

  private static void closeClient(Endpoint e) {
    if (e.client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ex) {
        log.atWarn().addKeyValue("address", e.address).addKeyValue("err", ex.getMessage()).log("closing endpoint client failed");
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
