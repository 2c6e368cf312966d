package io.thanosj.query.endpoint;

/**
 * One configured endpoint address, possibly with a DNS discovery prefix as Thanos accepts them:
 * {@code host:port} (used as is), {@code dns+host:port} (A/AAAA lookup, port required),
 * {@code dnssrv+_grpc._tcp.name} (SRV lookup, then A/AAAA of each target; an explicit port overrides
 * the records'), {@code dnssrvnoa+name} (SRV targets used by name), {@code dnsdualstack+host:port}
 * (treated like {@code dns+}: the JVM returns both address families).
 *
 * @param host the name to look up (for SRV: the record name)
 * @param port the port, or empty when none was written
 */
public record AddressSpec(String raw, Kind kind, String host, String port) {

  public enum Kind {
    STATIC,
    DNS_A,
    DNS_SRV,
    DNS_SRV_NO_A
  }

  public static AddressSpec parse(String raw) {
    String s = raw.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty endpoint address");
    }
    Kind kind = Kind.STATIC;
    String rest = s;
    int plus = s.indexOf('+');
    if (plus > 0 && s.substring(0, plus).startsWith("dns")) {
      String prefix = s.substring(0, plus);
      rest = s.substring(plus + 1);
      kind = switch (prefix) {
        case "dns", "dnsdualstack" -> Kind.DNS_A;
        case "dnssrv" -> Kind.DNS_SRV;
        case "dnssrvnoa" -> Kind.DNS_SRV_NO_A;
        default -> throw new IllegalArgumentException(
            "unknown DNS discovery prefix \"" + prefix + "+\" in endpoint " + raw + ", expected dns+, dnssrv+ or dnssrvnoa+");
      };
    }
    String host = rest;
    String port = "";
    int colon = rest.lastIndexOf(':');
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed [ in endpoint address " + raw);
      }
      host = rest.substring(1, close);
      port = close + 1 < rest.length() && rest.charAt(close + 1) == ':' ? rest.substring(close + 2) : "";
    } else if (colon >= 0) {
      host = rest.substring(0, colon);
      port = rest.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host in endpoint address " + raw);
    }
    if (!port.isEmpty() && !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("bad port in endpoint address " + raw);
    }
    if ((kind == Kind.STATIC || kind == Kind.DNS_A) && port.isEmpty()) {
      throw new IllegalArgumentException(
          "missing port in endpoint address " + raw + (kind == Kind.DNS_A ? " given for dns lookup" : ""));
    }
    return new AddressSpec(s, kind, host, port);
  }

  /** host:port, with IPv6 literals in brackets. */
  static String join(String host, String port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
