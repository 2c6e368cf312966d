package io.thanosj.objstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One object storage bucket, with the semantics of Thanos' {@code objstore.Bucket}.
 *
 * <p>Object names are '/'-separated keys such as {@code 01HX.../chunks/000001}. Directories do not
 * exist as objects: they are the common prefixes of object names, reported by {@link #iter} with a
 * trailing '/'. Every method throws {@link ObjectNotFoundException} when the named object is
 * missing, {@link BucketException} for other storage failures, and {@link IllegalArgumentException}
 * for an empty or otherwise unusable name (a caller bug, not a storage state).
 *
 * <p>Implementations are thread-safe.
 */
public interface Bucket extends Closeable {

    /** The bucket's name, used as the {@code bucket} label of Thanos' bucket metrics. */
    String name();

    /** Opens the whole object for streaming. The caller closes the stream. */
    InputStream get(String name) throws IOException;

    /**
     * Opens {@code length} bytes starting at {@code offset}; {@code length == -1} reads to the end.
     * A range reaching past the end is cut at the end, and an offset at or past the end gives an
     * empty stream, so every provider answers the same way (S3 itself would answer 416).
     */
    InputStream getRange(String name, long offset, long length) throws IOException;

    /**
     * Stores {@code content} under {@code name}, replacing any existing object. {@code size} is the
     * exact number of bytes the stream holds, or -1 when unknown; a stream that ends early or holds
     * more than a declared size fails the upload. Either the whole object becomes visible or
     * nothing does: a failure (of the source stream or of the storage) never leaves a partial
     * object under {@code name}. The stream is read to its end but not closed.
     */
    void upload(String name, InputStream content, long size) throws IOException;

    /** Deletes the object. Deleting a missing object succeeds, as it does on S3. */
    void delete(String name) throws IOException;

    /** Whether an object (not a directory) exists under {@code name}. */
    boolean exists(String name) throws IOException;

    /** Size and last-modified time of the object. */
    ObjectAttributes attributes(String name) throws IOException;

    /**
     * Calls {@code visitor} for each entry under {@code dir}, in ascending key order. {@code dir}
     * may be empty (the bucket root) and may or may not end with '/'. Entries are full names: the
     * objects directly inside {@code dir} and its sub-directories (ending with '/'), or, when
     * {@code recursive}, every object below {@code dir} and no directories. A missing directory
     * has no entries. An exception thrown by the visitor stops the iteration and propagates as is.
     */
    void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException;

    /** Non-recursive {@link #iter(String, IterVisitor, boolean)}. */
    default void iter(String dir, IterVisitor visitor) throws IOException {
        iter(dir, visitor, false);
    }

    /** Receives one entry of {@link Bucket#iter}; may itself do I/O. */
    @FunctionalInterface
    interface IterVisitor {
        void visit(String name) throws IOException;
    }
}
