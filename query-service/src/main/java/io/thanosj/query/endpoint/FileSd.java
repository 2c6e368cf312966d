package io.thanosj.query.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Prometheus file_sd files as endpoint sources ({@code --store.sd-files}): each file holds a list of
 * {@code {"targets": ["host:port", …], "labels": {…}}} groups, in JSON ({@code .json}) or YAML
 * ({@code .yml}, {@code .yaml}); a path may be a glob. A file is re-read when its modification time
 * or size changes, and all of them every {@code refreshInterval}. A file that cannot be read or
 * parsed keeps its last good targets and the problem is logged, as Prometheus does.
 */
public final class FileSd {

  private static final Logger log = LoggerFactory.getLogger(FileSd.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Stamp(FileTime modified, long size) {}

  private final List<String> patterns;
  private final long refreshNanos;
  private final Map<Path, Stamp> stamps = new LinkedHashMap<>();
  private final Map<Path, List<String>> targets = new LinkedHashMap<>();
  private long lastFullRead = Long.MIN_VALUE;

  public FileSd(List<String> patterns, java.time.Duration refreshInterval) {
    this.patterns = List.copyOf(patterns);
    this.refreshNanos = refreshInterval.toNanos();
  }

  /** The targets of all files, re-reading those that changed. */
  public synchronized Set<String> targets() {
    long now = System.nanoTime();
    boolean full = lastFullRead == Long.MIN_VALUE || now - lastFullRead >= refreshNanos;
    if (full) {
      lastFullRead = now;
    }
    Set<Path> present = new LinkedHashSet<>();
    for (String pattern : patterns) {
      present.addAll(expand(pattern));
    }
    stamps.keySet().retainAll(present);
    targets.keySet().retainAll(present);
    for (Path p : present) {
      Stamp s = stamp(p);
      if (s == null) {
        continue;
      }
      if (full || !s.equals(stamps.get(p))) {
        try {
          targets.put(p, read(p));
          stamps.put(p, s);
        } catch (IOException | RuntimeException e) {
          log.atWarn().addKeyValue("file", p).addKeyValue("err", e.getMessage())
              .log("cannot read file SD file; keeping its previous targets");
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    targets.values().forEach(out::addAll);
    return out;
  }

  private static Stamp stamp(Path p) {
    try {
      return new Stamp(Files.getLastModifiedTime(p), Files.size(p));
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Path> expand(String pattern) {
    Path p = Path.of(pattern);
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
      return Files.isRegularFile(p) ? List.of(p) : List.of();
    }
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (m.matches(f.getFileName()) && Files.isRegularFile(f)) {
          out.add(f);
        }
      }
    } catch (IOException e) {
      log.atWarn().addKeyValue("pattern", pattern).addKeyValue("err", e.getMessage()).log("cannot list file SD directory");
    }
    out.sort(null);
    return out;
  }

  /** The targets of one file, in file order. */
  static List<String> read(Path p) throws IOException {
    String name = p.getFileName().toString();
    String content = Files.readString(p);
    Object doc;
    if (name.endsWith(".json")) {
      doc = JSON.convertValue(JSON.readTree(content), Object.class);
    } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
    } else {
      throw new IOException("unknown file SD format of " + p + ": expected .json, .yml or .yaml");
    }
    return targetsOf(doc, p);
  }

  private static List<String> targetsOf(Object doc, Path p) throws IOException {
    List<String> out = new ArrayList<>();
    if (doc == null) {
      return out;
    }
    if (!(doc instanceof List<?> groups)) {
      throw new IOException(p + ": expected a list of target groups");
    }
    for (Object g : groups) {
      if (!(g instanceof Map<?, ?> group)) {
        throw new IOException(p + ": a target group must be an object with \"targets\"");
      }
      for (Object key : group.keySet()) {
        if (!"targets".equals(key) && !"labels".equals(key)) {
          throw new IOException(p + ": unknown key \"" + key + "\" in target group");
        }
      }
      Object ts = group.get("targets");
      if (ts == null) {
        continue;
      }
      if (!(ts instanceof List<?> list)) {
        throw new IOException(p + ": \"targets\" must be a list of addresses");
      }
      for (Object t : list) {
        if (!(t instanceof String s) || s.isBlank()) {
          throw new IOException(p + ": target " + t + " is not an address");
        }
        out.add(s.trim());
      }
    }
    return out;
  }
}
