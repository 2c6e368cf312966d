package io.thanosj.service.flags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thanos' pair of flags for a configuration given either as a file ({@code --NAME-file}) or inline
 * ({@code --NAME}); at most one may be set (efficientgo extkingpin.PathOrContent).
 *
 * @param flagName the inline flag's name, e.g. {@code objstore.config}
 * @param path the file flag's value, or null
 * @param content the inline flag's value, or null
 */
public record PathOrContent(String flagName, String path, String content) {

  // Kubernetes-style references only, so that shell-style $VAR in YAML stays literal.
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([a-zA-Z_0-9]+)\\)");

  public boolean isSet() {
    return (path != null && !path.isEmpty()) || (content != null && !content.isEmpty());
  }

  /**
   * The configuration text without substitution, or empty when neither flag is set.
   *
   * @throws FlagException when both flags are set or the file cannot be read
   */
  public Optional<String> read() {
    boolean hasPath = path != null && !path.isEmpty();
    boolean hasContent = content != null && !content.isEmpty();
    if (hasPath && hasContent) {
      throw new FlagException("both --" + flagName + "-file and --" + flagName + " flags set");
    }
    if (hasContent) {
      return Optional.of(content);
    }
    if (!hasPath) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new FlagException("loading file " + path + " for --" + flagName + "-file: " + e, e);
    }
  }

  /**
   * The configuration text with every {@code $(VAR)} replaced by the variable's value from
   * {@code env}, as Thanos does for its {@code *.config} flags.
   *
   * @throws FlagException naming the variable when a referenced one is not set
   */
  public Optional<String> readSubstituted(Map<String, String> env) {
    return read().map(text -> substitute(text, env));
  }

  private String substitute(String text, Map<String, String> env) {
    Matcher m = ENV_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw new FlagException("--" + flagName + ": found reference to unset environment variable \"" + m.group(1) + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Never shows the content, which may hold credentials. */
  @Override
  public String toString() {
    return "PathOrContent[" + flagName + ", path=" + path + ", content=" + (content == null ? "unset" : "<redacted>") + "]";
  }
}
