package io.thanosj.objstore.retry;

import io.thanosj.objstore.BucketException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how patiently to repeat a request that failed transiently (see {@link
 * BucketException#isTransient()}): exponential back-off from {@code initialBackoff}, doubled per
 * attempt, capped at {@code maxBackoff}, with jitter so that many clients do not retry in step.
 * The defaults are minio-go's, which Thanos' S3 client uses: 10 attempts, 200 ms doubling to 1 s.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Thanos' {@code max_retries}: 0 keeps the default, otherwise that many retries after the first attempt. */
    public static RetryPolicy fromMaxRetries(int maxRetries) {
        return maxRetries <= 0 ? DEFAULT : new RetryPolicy(maxRetries + 1, DEFAULT.initialBackoff, DEFAULT.maxBackoff);
    }

    /** One attempt of a storage request. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /** Runs {@code attempt}, repeating it while it fails transiently and attempts remain. */
    public <T> T call(String operation, String objectName, Attempt<T> attempt) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (BucketException e) {
                if (!e.isTransient() || n >= maxAttempts) {
                    throw e;
                }
                long delay = backoffMillis(n);
                LOG.warn("retrying object storage request operation={} name={} attempt={} delay_ms={} err=\"{}\"",
                        operation, objectName, n + 1, delay, e.getMessage());
                sleep(delay);
            }
        }
    }

    long backoffMillis(int failedAttempts) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exp = failedAttempts >= 31 ? cap : Math.min(cap, initial << (failedAttempts - 1));
        // "Equal jitter": at least half the back-off, so that retries never come back-to-back.
        return exp / 2 + (exp < 2 ? 0 : ThreadLocalRandom.current().nextLong(exp / 2 + 1));
    }

    private static void sleep(long millis) throws InterruptedIOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry an object storage request");
        }
    }
}
