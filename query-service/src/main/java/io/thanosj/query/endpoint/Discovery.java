package io.thanosj.query.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the configured endpoints (static {@code --endpoint} flags and file SD targets, each possibly
 * with a DNS prefix) into the addresses to connect to. DNS answers are reused for
 * {@code --store.sd-dns-interval}; a failed lookup keeps the previous answer for that name, so a DNS
 * hiccup does not drop endpoints (Thanos' DNS provider does the same).
 */
public final class Discovery {

  private static final Logger log = LoggerFactory.getLogger(Discovery.class);

  private record Cached(List<String> addresses, long resolvedAt) {}

  private final List<String> staticSpecs;
  private final FileSd fileSd;
  private final Resolver resolver;
  private final long dnsIntervalNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Cached> cache = new HashMap<>();

  /**
   * @param staticSpecs the {@code --endpoint} values, checked already with {@link AddressSpec#parse}
   * @param fileSd file SD targets, or null without {@code --store.sd-files}
   */
  public Discovery(List<String> staticSpecs, FileSd fileSd, Resolver resolver, Duration dnsInterval, LongSupplier nanoClock) {
    this.staticSpecs = List.copyOf(staticSpecs);
    this.fileSd = fileSd;
    this.resolver = resolver;
    this.dnsIntervalNanos = dnsInterval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The addresses (host:port) currently discovered, in configuration order, without duplicates. */
  public synchronized Set<String> addresses() {
    List<String> specs = new ArrayList<>(staticSpecs);
    if (fileSd != null) {
      specs.addAll(fileSd.targets());
    }
    Set<String> out = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : specs) {
      AddressSpec spec;
      try {
        spec = AddressSpec.parse(raw);
      } catch (IllegalArgumentException e) {
        log.atWarn().addKeyValue("address", raw).addKeyValue("err", e.getMessage()).log("ignoring bad endpoint address");
        continue;
      }
      seen.add(spec.raw());
      out.addAll(resolve(spec));
    }
    cache.keySet().retainAll(seen);
    return out;
  }

  private List<String> resolve(AddressSpec spec) {
    if (spec.kind() == AddressSpec.Kind.STATIC) {
      return List.of(AddressSpec.join(spec.host(), spec.port()));
    }
    long now = nanoClock.getAsLong();
    Cached c = cache.get(spec.raw());
    if (c != null && now - c.resolvedAt() < dnsIntervalNanos) {
      return c.addresses();
    }
    try {
      List<String> addresses = lookup(spec);
      cache.put(spec.raw(), new Cached(addresses, now));
      return addresses;
    } catch (Exception e) {
      log.atWarn().addKeyValue("address", spec.raw()).addKeyValue("err", String.valueOf(e.getMessage()))
          .log("DNS lookup failed; keeping the previous answer");
      return c == null ? List.of() : c.addresses();
    }
  }

  private List<String> lookup(AddressSpec spec) throws Exception {
    List<String> out = new ArrayList<>();
    switch (spec.kind()) {
      case DNS_A -> {
        for (String ip : resolver.lookupIp(spec.host())) {
          out.add(AddressSpec.join(ip, spec.port()));
        }
      }
      case DNS_SRV, DNS_SRV_NO_A -> {
        for (Resolver.SrvRecord r : resolver.lookupSrv(spec.host())) {
          String port = spec.port().isEmpty() ? Integer.toString(r.port()) : spec.port();
          if (spec.kind() == AddressSpec.Kind.DNS_SRV_NO_A) {
            out.add(AddressSpec.join(r.target(), port));
          } else {
            for (String ip : resolver.lookupIp(r.target())) {
              out.add(AddressSpec.join(ip, port));
            }
          }
        }
      }
      default -> throw new IllegalStateException("not a DNS address: " + spec.raw());
    }
    return out;
  }
}
