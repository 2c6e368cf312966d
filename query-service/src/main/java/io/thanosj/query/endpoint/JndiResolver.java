package io.thanosj.query.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The machine's resolver: A/AAAA through the JVM ({@code /etc/hosts} and the system's DNS servers),
 * SRV through the JDK's JNDI DNS provider (the JVM has no other SRV lookup).
 */
public final class JndiResolver implements Resolver {

  @Override
  public List<String> lookupIp(String host) throws UnknownHostException {
    List<String> out = new ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(host)) {
      out.add(a.getHostAddress());
    }
    return out;
  }

  @Override
  public List<SrvRecord> lookupSrv(String name) throws Exception {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("java.naming.provider.url", "dns:");
    DirContext ctx = new InitialDirContext(env);
    try {
      Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
      Attribute srv = attrs.get("SRV");
      List<SrvRecord> out = new ArrayList<>();
      if (srv == null) {
        return out;
      }
      NamingEnumeration<?> values = srv.getAll();
      while (values.hasMore()) {
        // "priority weight port target."
        String[] parts = values.next().toString().trim().split("\\s+");
        if (parts.length == 4) {
          String target = parts[3].endsWith(".") ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
          out.add(new SrvRecord(target, Integer.parseInt(parts[2])));
        }
      }
      return out;
    } catch (NameNotFoundException e) {
      return List.of();
    } finally {
      ctx.close();
    }
  }
}
