package io.thanosj.sidecar.reloader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What the reloader writes to {@code --reloader.config-envsubst-file}: the watched config,
 * gunzipped when it starts with the gzip magic (large configs often ship as gzipped ConfigMaps),
 * with Kubernetes-style {@code $(VAR)} references replaced by environment variables. A reference to
 * an unset variable is an error, never an empty string in the output.
 */
final class ConfigRendering {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([a-zA-Z_0-9]+)\\)");
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};

  private ConfigRendering() {}

  static byte[] render(byte[] input, Map<String, String> env, String source) throws IOException {
    byte[] text = input;
    if (input.length >= 3 && input[0] == GZIP_MAGIC[0] && input[1] == GZIP_MAGIC[1] && input[2] == GZIP_MAGIC[2]) {
      try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(input))) {
        text = gz.readAllBytes();
      } catch (IOException e) {
        throw new IOException(source + ": looks gzipped but cannot be decompressed: " + e.getMessage(), e);
      }
    }
    String s = new String(text, StandardCharsets.UTF_8);
    Matcher m = REFERENCE.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw new IOException(source + ": found reference to unset environment variable \"" + m.group(1) + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
