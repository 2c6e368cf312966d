package io.thanosj.service.flags;

import java.net.InetSocketAddress;

/**
 * A listen or dial address in Go's {@code host:port} form: {@code 0.0.0.0:10901}, {@code :10901}
 * (all interfaces), {@code [::1]:10901}. Port 0 asks the OS for a free port.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  public static HostPort parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("missing port in address \"" + s + "\", want host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("too many colons in address \"" + s + "\", use [host]:port for IPv6");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port in address \"" + s + "\"");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in address \"" + s + "\"");
    }
    return new HostPort(host, port);
  }

  /** The host to bind to: Go's empty host means all interfaces. */
  public String bindHost() {
    return host.isEmpty() ? "0.0.0.0" : host;
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(bindHost(), port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
