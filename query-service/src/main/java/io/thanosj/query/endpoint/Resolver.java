package io.thanosj.query.endpoint;

import java.util.List;

/** DNS lookups for endpoint discovery; the JNDI/JVM one, or a fixed table in tests. */
public interface Resolver {

  /** The IP addresses of a host name (A and AAAA); empty when it has none. */
  List<String> lookupIp(String host) throws Exception;

  /** SRV records of a name, as (target, port) pairs; empty when it has none. */
  List<SrvRecord> lookupSrv(String name) throws Exception;

  record SrvRecord(String target, int port) {}
}
