package io.thanosj.objstore;

import java.io.IOException;

/**
 * A storage failure other than "not found": denied access, a server error, a broken connection.
 * {@link #isTransient()} says whether repeating the same request may succeed (5xx, throttling,
 * network errors); only such failures are retried. Messages never contain credentials.
 */
public class BucketException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    public BucketException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public BucketException(String message) {
        this(message, false, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
