package io.thanosj.objstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * Places every object of a bucket under {@code prefix/}, as Thanos' {@code prefix} key does: the
 * prefix is trimmed of leading and trailing '/', and names seen by callers never include it.
 */
public final class PrefixedBucket implements Bucket {
    private final Bucket delegate;
    private final String prefix;

    private PrefixedBucket(Bucket delegate, String prefix) {
        this.delegate = delegate;
        this.prefix = prefix;
    }

    /** Wraps {@code delegate}, or returns it unchanged when the prefix is empty or only slashes. */
    public static Bucket wrap(Bucket delegate, String prefix) {
        String trimmed = trimSlashes(prefix == null ? "" : prefix);
        return trimmed.isEmpty() ? delegate : new PrefixedBucket(delegate, trimmed + ObjectNames.DELIMITER);
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    private String full(String name) {
        return prefix + ObjectNames.require(name);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public InputStream get(String name) throws IOException {
        return delegate.get(full(name));
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return delegate.getRange(full(name), offset, length);
    }

    @Override
    public void upload(String name, InputStream content, long size) throws IOException {
        delegate.upload(full(name), content, size);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(full(name));
    }

    @Override
    public boolean exists(String name) throws IOException {
        return delegate.exists(full(name));
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        return delegate.attributes(full(name));
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        int strip = prefix.length();
        delegate.iter(prefix + ObjectNames.dirPrefix(dir), entry -> visitor.visit(entry.substring(strip)), recursive);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "PrefixedBucket[" + prefix + " on " + delegate + "]";
    }
}
