package io.thanosj.store.sync;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.thanosj.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Prometheus relabelling ({@code relabel_config}) as {@code --selector.relabel-config} applies it to
 * a block's external labels plus {@code __block_id}: actions replace, keep, drop, hashmod, labelmap,
 * labeldrop and labelkeep, with Prometheus' defaults (regex {@code (.*)} anchored, separator
 * {@code ;}, replacement {@code $1}). A block whose labels are dropped is not served, which is how
 * store gateways shard a bucket.
 */
public final class Relabeling {

  /** One rule. */
  record Rule(List<String> sourceLabels, String separator, Pattern regex, long modulus, String targetLabel, String replacement, String action) {}

  private final List<Rule> rules;

  private Relabeling(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static Relabeling none() {
    return new Relabeling(List.of());
  }

  /** Parses a YAML list of relabel rules; an error names the rule (1-based) and the field. */
  @SuppressWarnings("unchecked")
  public static Relabeling parse(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (root == null) {
      return none();
    }
    if (!(root instanceof List<?> list)) {
      throw new IllegalArgumentException("relabel config must be a YAML list of rules");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("relabel rule " + (i + 1) + " is not a mapping");
      }
      rules.add(rule((Map<String, Object>) m, i + 1));
    }
    return new Relabeling(rules);
  }

  private static Rule rule(Map<String, Object> m, int n) {
    for (String key : m.keySet()) {
      if (!List.of("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action").contains(key)) {
        throw new IllegalArgumentException("relabel rule " + n + ": unknown field " + key);
      }
    }
    List<String> sources = new ArrayList<>();
    Object s = m.get("source_labels");
    if (s instanceof List<?> l) {
      l.forEach(x -> sources.add(String.valueOf(x)));
    } else if (s != null) {
      throw new IllegalArgumentException("relabel rule " + n + ": source_labels must be a list");
    }
    String action = String.valueOf(m.getOrDefault("action", "replace")).toLowerCase(Locale.ROOT);
    if (!List.of("replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep").contains(action)) {
      throw new IllegalArgumentException("relabel rule " + n + ": action " + action
          + " is not supported (replace, keep, drop, hashmod, labelmap, labeldrop, labelkeep)");
    }
    String regex = String.valueOf(m.getOrDefault("regex", "(.*)"));
    Pattern p;
    try {
      p = Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("relabel rule " + n + ": bad regex " + regex + ": " + e.getMessage());
    }
    long modulus = m.get("modulus") == null ? 0 : Long.parseLong(String.valueOf(m.get("modulus")));
    String target = m.get("target_label") == null ? "" : String.valueOf(m.get("target_label"));
    if ((action.equals("replace") || action.equals("hashmod")) && target.isEmpty()) {
      throw new IllegalArgumentException("relabel rule " + n + ": " + action + " needs target_label");
    }
    if (action.equals("hashmod") && modulus == 0) {
      throw new IllegalArgumentException("relabel rule " + n + ": hashmod needs a non-zero modulus");
    }
    return new Rule(sources, String.valueOf(m.getOrDefault("separator", ";")), p, modulus, target,
        String.valueOf(m.getOrDefault("replacement", "$1")), action);
  }

  /** The relabelled labels, or null when a rule drops them. */
  public Labels apply(Labels in) {
    Labels labels = in;
    for (Rule r : rules) {
      StringBuilder v = new StringBuilder();
      for (int i = 0; i < r.sourceLabels().size(); i++) {
        if (i > 0) {
          v.append(r.separator());
        }
        v.append(labels.get(r.sourceLabels().get(i)));
      }
      String value = v.toString();
      switch (r.action()) {
        case "keep" -> {
          if (!r.regex().matcher(value).matches()) {
            return null;
          }
        }
        case "drop" -> {
          if (r.regex().matcher(value).matches()) {
            return null;
          }
        }
        case "hashmod" -> labels = labels.toBuilder().set(r.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(sum64(value), r.modulus()))).build();
        case "replace" -> {
          Matcher mt = r.regex().matcher(value);
          if (mt.matches()) {
            String target = expand(mt, r.targetLabel());
            String repl = expand(mt, r.replacement());
            Labels.Builder b = labels.toBuilder();
            if (repl.isEmpty()) {
              b.delete(target);
            } else {
              b.set(target, repl);
            }
            labels = b.build();
          }
        }
        case "labelmap" -> {
          Labels.Builder b = labels.toBuilder();
          for (int i = 0; i < labels.size(); i++) {
            Matcher mt = r.regex().matcher(labels.name(i));
            if (mt.matches()) {
              b.set(expand(mt, r.replacement()), labels.value(i));
            }
          }
          labels = b.build();
        }
        case "labeldrop", "labelkeep" -> {
          Labels.Builder b = labels.toBuilder();
          boolean keep = r.action().equals("labelkeep");
          for (int i = 0; i < labels.size(); i++) {
            if (r.regex().matcher(labels.name(i)).matches() != keep) {
              b.delete(labels.name(i));
            }
          }
          labels = b.build();
        }
        default -> throw new IllegalStateException(r.action());
      }
    }
    return labels;
  }

  /** Go's regexp Expand for {@code $1}, {@code ${1}} and {@code ${name}} templates. */
  private static String expand(Matcher m, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      if (template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String ref;
      int next;
      if (template.charAt(i + 1) == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        ref = template.substring(i + 2, close);
        next = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        ref = template.substring(i + 1, j);
        next = j;
      }
      if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
        int g = Integer.parseInt(ref);
        if (g <= m.groupCount() && m.group(g) != null) {
          out.append(m.group(g));
        }
      } else if (!ref.isEmpty()) {
        try {
          String named = m.group(ref);
          if (named != null) {
            out.append(named);
          }
        } catch (IllegalArgumentException e) {
          // an unknown group expands to nothing, as in Go
        }
      }
      i = next;
    }
    return out.toString();
  }

  /** Prometheus' hashmod: the last 8 bytes of the MD5 of the value, big-endian. */
  static long sum64(String value) {
    try {
      byte[] h = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
      long s = 0;
      for (int i = 8; i < 16; i++) {
        s = (s << 8) | (h[i] & 0xFF);
      }
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
