package io.thanosj.sidecar.reloader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Prometheus' running configuration in step with its files (Thanos' {@code pkg/reloader}):
 * watches the config file and the rule directories, and when their content changes writes the
 * rendered config ({@link ConfigRendering}) and asks Prometheus to reload, retrying every
 * retry interval until it succeeds or the watch interval ends (then it tries again on the next
 * check). File-system events make changes take effect within a fraction of a second; a full
 * check every watch interval catches whatever events miss (e.g. some network file systems).
 */
public final class Reloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);
  /** Editors and ConfigMap updates arrive as bursts of events; one check after the burst is enough. */
  private static final Duration DEBOUNCE = Duration.ofMillis(100);

  /** {@code --reloader.*} settings; {@code configFile} and {@code envsubstFile} may be null. */
  public record Options(Path configFile, Path envsubstFile, List<Path> ruleDirs, Duration watchInterval, Duration retryInterval) {
    public Options {
      ruleDirs = List.copyOf(ruleDirs);
    }

    public boolean watchesAnything() {
      return configFile != null || !ruleDirs.isEmpty();
    }
  }

  /** The reload call, e.g. {@code POST /-/reload}; throws when Prometheus did not apply it. */
  @FunctionalInterface
  public interface ReloadTrigger {
    void reload();
  }

  private final Options options;
  private final ReloadTrigger trigger;
  private final Map<String, String> env;
  private final Counter reloads;
  private final Counter reloadFailures;
  private final Counter applies;
  private final Counter applyFailures;
  private final AtomicLong lastReloadSuccessful = new AtomicLong();
  private final AtomicLong lastReloadSuccessSeconds = new AtomicLong();

  private byte[] lastAppliedHash;
  private boolean forceReload;
  private volatile boolean closed;
  private WatchService watcher;
  private Thread thread;

  public Reloader(Options options, ReloadTrigger trigger, Map<String, String> env, MeterRegistry registry) {
    this.options = options;
    this.trigger = trigger;
    this.env = Map.copyOf(env);
    this.reloads = Counter.builder("thanos_sidecar_reloader_reloads").description("Total number of reload requests.").register(registry);
    this.reloadFailures = Counter.builder("thanos_sidecar_reloader_reloads_failed").description("Total number of reload requests that failed.").register(registry);
    this.applies = Counter.builder("thanos_sidecar_reloader_config_apply_operations").description("Total number of config apply operations.").register(registry);
    this.applyFailures = Counter.builder("thanos_sidecar_reloader_config_apply_operations_failed").description("Total number of config apply operations that failed.").register(registry);
    Gauge.builder("thanos_sidecar_reloader_last_reload_successful", lastReloadSuccessful, AtomicLong::get)
        .description("Whether the last reload attempt was successful").register(registry);
    Gauge.builder("thanos_sidecar_reloader_last_reload_success_timestamp_seconds", lastReloadSuccessSeconds, AtomicLong::get)
        .description("Timestamp of the last successful reload.").register(registry);
  }

  /**
   * Renders the config once, synchronously, so that the output file exists before this returns (a
   * Prometheus started after the sidecar can read it), then watches in the background. The first
   * reload request goes out from the background thread and is retried until Prometheus is up.
   *
   * @throws IOException when the config cannot be read or rendered (e.g. an unset variable): the
   *     sidecar refuses to start rather than run Prometheus on a stale or broken config
   */
  public void start() throws IOException {
    if (!options.watchesAnything()) {
      LOG.atInfo().log("nothing to be watched");
      return;
    }
    renderConfig();
    watcher = FileSystems.getDefault().newWatchService();
    if (options.configFile() != null) {
      Path parent = options.configFile().toAbsolutePath().getParent();
      parent.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    }
    for (Path dir : options.ruleDirs()) {
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    }
    thread = new Thread(this::run, "reloader");
    thread.setDaemon(true);
    thread.start();
    LOG.atInfo().addKeyValue("cfg", options.configFile()).addKeyValue("out", options.envsubstFile())
        .addKeyValue("dirs", options.ruleDirs()).log("started watching config file and directories for changes");
  }

  private void run() {
    applyLogged();
    while (!closed) {
      try {
        // Wake on the first event of a burst, or when the watch interval runs out.
        var key = watcher.poll(options.watchInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          Thread.sleep(DEBOUNCE.toMillis());
          key.pollEvents();
          key.reset();
          var more = watcher.poll();
          while (more != null) {
            more.pollEvents();
            more.reset();
            more = watcher.poll();
          }
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (!closed) {
        applyLogged();
      }
    }
  }

  private void applyLogged() {
    applies.increment();
    try {
      apply();
    } catch (IOException | RuntimeException e) {
      applyFailures.increment();
      LOG.atError().addKeyValue("err", e.getMessage()).log("apply error");
    }
  }

  /**
   * One check: re-render the config and, when the watched content differs from what Prometheus last
   * loaded (or the last reload failed), trigger a reload with retries. Package-private for tests.
   */
  synchronized void apply() throws IOException {
    byte[] hash = hashWatched();
    renderConfig();
    if (!forceReload && Arrays.equals(hash, lastAppliedHash)) {
      return;
    }
    long deadline = System.nanoTime() + options.watchInterval().toNanos();
    while (true) {
      reloads.increment();
      try {
        trigger.reload();
        lastAppliedHash = hash;
        forceReload = false;
        lastReloadSuccessful.set(1);
        lastReloadSuccessSeconds.set(System.currentTimeMillis() / 1000);
        LOG.atInfo().addKeyValue("cfg_in", options.configFile()).addKeyValue("cfg_out", options.envsubstFile()).addKeyValue("watched_dirs", options.ruleDirs()).log("Reload triggered");
        return;
      } catch (RuntimeException e) {
        reloadFailures.increment();
        lastReloadSuccessful.set(0);
        if (closed || System.nanoTime() + options.retryInterval().toNanos() > deadline) {
          forceReload = true;
          LOG.atError().addKeyValue("err", e.getMessage()).log("Failed to trigger reload; retrying at the next check");
          return;
        }
        LOG.atWarn().addKeyValue("err", e.getMessage()).log("Failed to trigger reload. Retrying.");
        try {
          Thread.sleep(options.retryInterval().toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          forceReload = true;
          return;
        }
      }
    }
  }

  private void renderConfig() throws IOException {
    if (options.configFile() == null || options.envsubstFile() == null) {
      return;
    }
    byte[] rendered = ConfigRendering.render(Files.readAllBytes(options.configFile()), env, options.configFile().toString());
    Path out = options.envsubstFile();
    if (Files.exists(out) && Arrays.equals(Files.readAllBytes(out), rendered)) {
      return; // unchanged: do not disturb watchers of the output file
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(rendered));
      ch.force(true);
    }
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** SHA-256 over the config file and every file under the rule directories, names included. */
  private byte[] hashWatched() throws IOException {
    MessageDigest h = sha256();
    if (options.configFile() != null) {
      hashFile(h, options.configFile());
    }
    for (Path dir : options.ruleDirs()) {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
      for (Path f : files) {
        hashFile(h, f);
      }
    }
    return h.digest();
  }

  private static void hashFile(MessageDigest h, Path f) throws IOException {
    h.update((byte) 0xff);
    h.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    h.update((byte) 0xff);
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        h.update(buf, 0, n);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        // closing only stops the watch loop
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
