package io.thanosj.objstore;

import java.util.ArrayList;
import java.util.List;

/**
 * Hides a provider's secret values (secret keys, session tokens) in any text about to leave the
 * provider as an exception message or a log line. Providers build one from their configuration.
 */
public final class SecretRedactor {
    public static final String REDACTED = "<redacted>";

    private final List<String> secrets;

    public SecretRedactor(String... secrets) {
        List<String> s = new ArrayList<>();
        for (String v : secrets) {
            // Very short values would redact random text and are no secrets worth the name.
            if (v != null && v.length() >= 4) {
                s.add(v);
            }
        }
        this.secrets = List.copyOf(s);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, REDACTED);
        }
        return out;
    }

    /** {@code <redacted>} for a set value, {@code ""} for an unset one: how configs print secrets. */
    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : REDACTED;
    }
}
