package io.thanosj.objstore.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thanos' Kubernetes-style {@code $(VAR)} expansion of configuration text, applied before the YAML
 * is parsed (efficientgo {@code extkingpin.PathOrContent}). A reference to an unset variable is an
 * error. The expanded values are remembered so that later error messages can hide them: they
 * usually are secrets.
 */
public final class EnvSubstitution {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([a-zA-Z_0-9]+)\\)");

    private final String text;
    private final List<String> substitutedValues;

    private EnvSubstitution(String text, List<String> substitutedValues) {
        this.text = text;
        this.substitutedValues = substitutedValues;
    }

    public static EnvSubstitution expand(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        List<String> values = new ArrayList<>();
        while (m.find()) {
            String var = m.group(1);
            String value = env.get(var);
            if (value == null) {
                throw new ConfigException("invalid objstore configuration: line " + lineOf(text, m.start())
                        + " refers to unset environment variable \"" + var + "\"");
            }
            if (!value.isEmpty()) {
                values.add(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new EnvSubstitution(out.toString(), List.copyOf(values));
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    public String text() {
        return text;
    }

    /** Replaces every expanded value in {@code message} with {@code <redacted>}. */
    public String redact(String message) {
        String result = message;
        for (String v : substitutedValues) {
            result = result.replace(v, "<redacted>");
        }
        return result;
    }
}
