package io.thanosj.objstore.config;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of an objstore configuration, read strictly like Go's {@code
 * yaml.UnmarshalStrict}: each key is read at most once through a typed accessor, and {@link
 * #rejectUnknownKeys()} then fails on any key nobody asked for. Errors name the dotted key path
 * and its line. Values of secret keys are never quoted in errors.
 */
public final class ConfigMapping {
    private static final String PREFIX = "invalid objstore configuration: ";
    private static final Set<String> SECRET_KEYS = Set.of("secret_key", "session_token", "access_key_secret");

    private final String path;
    private final Map<String, NodeTuple> entries;
    private final Set<String> read = new LinkedHashSet<>();
    private final EnvSubstitution env;
    private final int line;

    private ConfigMapping(String path, Map<String, NodeTuple> entries, EnvSubstitution env, int line) {
        this.path = path;
        this.entries = entries;
        this.env = env;
        this.line = line;
    }

    /**
     * Expands {@code $(VAR)} references, parses the text as a single YAML document and returns its
     * top-level mapping (empty for an empty document).
     */
    public static ConfigMapping parseDocument(String text, Map<String, String> environment) {
        EnvSubstitution env = EnvSubstitution.expand(text, environment);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(env.text()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            // Only the problem text: SnakeYAML's full message quotes the offending source line, which may hold a secret.
            throw new ConfigException(PREFIX + "YAML syntax error" + where + ": " + env.redact(String.valueOf(e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(PREFIX + "YAML error: " + env.redact(String.valueOf(e.getMessage())));
        }
        return of(root, "", env, 1);
    }

    private static ConfigMapping of(Node node, String path, EnvSubstitution env, int parentLine) {
        if (node == null || isNull(node)) {
            return new ConfigMapping(path, Collections.emptyMap(), env, parentLine);
        }
        int nodeLine = line(node);
        if (!(node instanceof MappingNode mapping)) {
            String what = path.isEmpty() ? "the document" : path;
            throw new ConfigException(PREFIX + what + " (line " + nodeLine + "): expected a mapping of keys to values");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigException(PREFIX + "line " + line(t.getKeyNode()) + ": keys must be plain strings");
            }
            String dotted = join(path, key.getValue());
            if (entries.putIfAbsent(key.getValue(), t) != null) {
                throw new ConfigException(PREFIX + "duplicate key " + dotted + " (line " + line(key) + ")");
            }
        }
        return new ConfigMapping(path, entries, env, nodeLine);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** The dotted path of this mapping ({@code ""} for the document root). */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** An error about {@code key}, naming its path and (when present) its line. */
    public ConfigException error(String key, String detail) {
        NodeTuple t = entries.get(key);
        String where = t == null ? "" : " (line " + line(t.getKeyNode()) + ")";
        return new ConfigException(PREFIX + join(path, key) + where + ": " + env.redact(detail));
    }

    /** An error about the mapping as a whole. */
    public ConfigException error(String detail) {
        String what = path.isEmpty() ? "" : path + " (line " + line + "): ";
        return new ConfigException(PREFIX + what + env.redact(detail));
    }

    private ScalarNode scalar(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            throw error(key, "expected a single value, not a list or mapping");
        }
        return s;
    }

    private String shown(String key, String value) {
        return SECRET_KEYS.contains(key) ? "" : ", got \"" + value + "\"";
    }

    public String string(String key, String defaultValue) {
        ScalarNode s = scalar(key);
        return s == null ? defaultValue : s.getValue();
    }

    /** A string that must be present and non-empty; {@code why} completes "is required ...". */
    public String requiredString(String key, String why) {
        String v = string(key, "");
        if (v.isEmpty()) {
            throw error(key, "is required " + why);
        }
        return v;
    }

    public boolean bool(String key, boolean defaultValue) {
        ScalarNode s = scalar(key);
        if (s == null) {
            return defaultValue;
        }
        // YAML 1.1 booleans, which Go's yaml.v2 accepts.
        switch (s.getValue().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y":
                return true;
            case "false", "no", "off", "n":
                return false;
            default:
                throw error(key, "expected true or false" + shown(key, s.getValue()));
        }
    }

    public long nonNegativeLong(String key, long defaultValue) {
        ScalarNode s = scalar(key);
        if (s == null) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(s.getValue().replace("_", ""));
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key, "expected a non-negative integer" + shown(key, s.getValue()));
    }

    public int nonNegativeInt(String key, int defaultValue) {
        long v = nonNegativeLong(key, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw error(key, "must be at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    public Duration duration(String key, Duration defaultValue) {
        ScalarNode s = scalar(key);
        if (s == null) {
            return defaultValue;
        }
        Duration d = PrometheusDuration.parseOrNull(s.getValue());
        if (d == null) {
            throw error(key, "expected a duration such as 90s or 1m30s" + shown(key, s.getValue()));
        }
        return d;
    }

    /** A mapping of plain strings to plain strings (empty when absent). */
    public Map<String, String> stringMap(String key) {
        ConfigMapping m = mapping(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : new ArrayList<>(m.entries.keySet())) {
            out.put(k, m.string(k, ""));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A nested mapping (empty when absent); the caller must also call its {@link #rejectUnknownKeys()}. */
    public ConfigMapping mapping(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        return of(t == null ? null : t.getValueNode(), join(path, key), env, t == null ? line : line(t.getKeyNode()));
    }

    /** Fails on the first key of this mapping that no accessor has read. */
    public void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                List<String> known = new ArrayList<>(read);
                Collections.sort(known);
                String where = path.isEmpty() ? "" : " in " + path;
                throw new ConfigException(PREFIX + "unknown key " + join(path, e.getKey()) + " (line "
                        + line(e.getValue().getKeyNode()) + ")" + where + "; known keys: " + String.join(", ", known));
            }
        }
    }
}
