package io.thanosj.objstore;

import java.time.Instant;
import java.util.Objects;

/** What a bucket knows about one object without reading it. */
public record ObjectAttributes(long size, Instant lastModified) {
    public ObjectAttributes {
        if (size < 0) {
            throw new IllegalArgumentException("negative object size " + size);
        }
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
