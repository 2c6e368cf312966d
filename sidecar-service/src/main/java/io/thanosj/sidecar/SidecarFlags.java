package io.thanosj.sidecar;

import io.thanosj.service.flags.Flag;
import io.thanosj.service.flags.ObjstoreConfigFlags;
import io.thanosj.service.flags.TimeOrDuration;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The sidecar's own flags, with Thanos' names, defaults and meaning (see {@code thanos sidecar --help}). */
public record SidecarFlags(
    @Flag(name = "prometheus.url", defaultValue = "http://localhost:9090",
        help = "URL at which to reach Prometheus's API. For better performance use local network.")
    URI prometheusUrl,
    @Flag(name = "prometheus.ready_timeout", defaultValue = "10m",
        help = "Maximum time to wait for the Prometheus instance to start up (and report its external labels) before block uploads are abandoned.")
    Duration prometheusReadyTimeout,
    @Flag(name = "prometheus.get_config_interval", defaultValue = "30s",
        help = "How often to get Prometheus config (external labels, oldest sample). This is also the heartbeat: readiness follows it.")
    Duration prometheusGetConfigInterval,
    @Flag(name = "prometheus.get_config_timeout", defaultValue = "30s",
        help = "Timeout for getting Prometheus config and for the label and series calls made on behalf of queriers.")
    Duration prometheusGetConfigTimeout,
    @Flag(name = "tsdb.path", defaultValue = "./data", help = "Data directory of TSDB.")
    Path tsdbPath,
    @Flag(name = "reloader.config-file", help = "Config file watched by the reloader.")
    String reloaderConfigFile,
    @Flag(name = "reloader.config-envsubst-file", help = "Output file for environment variable substituted config file.")
    String reloaderConfigEnvsubstFile,
    @Flag(name = "reloader.rule-dir", help = "Rule directories for the reloader to refresh (repeated field).")
    List<Path> reloaderRuleDirs,
    @Flag(name = "reloader.watch-interval", defaultValue = "3m", help = "Controls how often reloader re-reads config and rules.")
    Duration reloaderWatchInterval,
    @Flag(name = "reloader.retry-interval", defaultValue = "5s", help = "Controls how often reloader retries config reload in case of error.")
    Duration reloaderRetryInterval,
    @Flag(name = "reloader.method", defaultValue = "http",
        help = "Method used to reload the configuration. ThanosJ supports http (POST /-/reload; Prometheus needs --web.enable-lifecycle).")
    String reloaderMethod,
    ObjstoreConfigFlags objstore,
    @Flag(name = "shipper.upload-compacted",
        help = "If true shipper will try to upload compacted blocks as well. Useful for migration purposes. Works only if compaction is disabled on Prometheus. Do it once and then disable the flag when done.")
    boolean shipperUploadCompacted,
    @Flag(name = "shipper.ignore-unequal-block-size", hidden = true,
        help = "If true shipper will not require prometheus min and max block size flags to be set to the same value. Only use this if you want to keep long retention and compaction enabled on your Prometheus instance, as in the worst case it can result in ~2h data loss for your Thanos bucket storage.")
    boolean shipperIgnoreUnequalBlockSize,
    @Flag(name = "shipper.meta-file-name", defaultValue = "thanos.shipper.json", help = "the file to store shipper metadata in")
    String shipperMetaFileName,
    @Flag(name = "shipper.sync-interval", defaultValue = "30s", hidden = true,
        help = "ThanosJ extension: how often the shipper looks for new blocks (Thanos uses a fixed 30s). Shorten it in tests.")
    Duration shipperSyncInterval,
    @Flag(name = "hash-func",
        help = "Specify which hash function to use when calculating the hashes of produced files. If no function has been specified, it does not happen. This permits avoiding downloading some files twice albeit at some performance cost. Possible values are: \"\", \"SHA256\".")
    String hashFunc,
    @Flag(name = "min-time", defaultValue = "0000-01-01T00:00:00Z",
        help = "Start of time range limit to serve. Thanos sidecar will serve only metrics, which happened later than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m. Valid duration units are ms, s, m, h, d, w, y.")
    TimeOrDuration minTime) {

  /** Checks what the flag parser cannot: values that are valid for Thanos but not (yet) supported here. */
  void validate() {
    if (!"http".equals(reloaderMethod)) {
      throw new IllegalArgumentException("--reloader.method=" + reloaderMethod + " is not supported by ThanosJ; use http");
    }
    if (!isBlank(hashFunc) && !hashFunc.equals("SHA256")) {
      throw new IllegalArgumentException("--hash-func must be \"\" or \"SHA256\", not \"" + hashFunc + "\"");
    }
    if (!isBlank(reloaderConfigEnvsubstFile) && isBlank(reloaderConfigFile)) {
      throw new IllegalArgumentException("--reloader.config-envsubst-file needs --reloader.config-file");
    }
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
