package io.thanosj.objstore.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' {@code model.Duration} text form ({@code 1m30s}, {@code 90s}, {@code 2h}, {@code 0}),
 * which Thanos uses for every duration in objstore YAML. Units must appear largest first.
 */
public final class PrometheusDuration {
    private static final Pattern FORM = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private PrometheusDuration() {}

    /** Parses the text, or returns null when it is not a duration. */
    public static Duration parseOrNull(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long millis = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                try {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(g), UNIT_MILLIS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    return null;
                }
            }
        }
        return Duration.ofMillis(millis);
    }
}
