package io.thanosj.objstore.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Records Thanos' bucket metrics around another bucket, as {@code objstore.WrapWithMetrics} does:
 * every call counts as an operation; a failure counts unless the caller declared it expected
 * (see {@link #withExpectedErrors}); durations are observed for successful calls, and for reads
 * when the stream is closed; bytes read and uploaded are counted.
 */
public final class InstrumentedBucket implements Bucket {
    private final Bucket delegate;
    private final BucketMetrics metrics;
    private final Predicate<? super Exception> expected;

    private InstrumentedBucket(Bucket delegate, BucketMetrics metrics, Predicate<? super Exception> expected) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.expected = expected;
    }

    /** Registers the metrics for {@code delegate.name()} in {@code registry} and wraps the bucket. */
    public static InstrumentedBucket wrap(Bucket delegate, MeterRegistry registry) {
        return new InstrumentedBucket(delegate, new BucketMetrics(registry, delegate.name()), e -> false);
    }

    /**
     * A view sharing the same metrics in which failures matching {@code expectedErrors} (for
     * example {@code ObjectNotFoundException.class::isInstance}) do not count as failures.
     */
    public Bucket withExpectedErrors(Predicate<? super Exception> expectedErrors) {
        return new InstrumentedBucket(delegate, metrics, expectedErrors);
    }

    private void failed(String op, Exception e) {
        if (!expected.test(e)) {
            metrics.failed(op);
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public InputStream get(String name) throws IOException {
        return open(Operations.GET, () -> delegate.get(name));
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return open(Operations.GET_RANGE, () -> delegate.getRange(name, offset, length));
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private InputStream open(String op, Opener opener) throws IOException {
        metrics.attempted(op);
        long start = System.nanoTime();
        try {
            return new MeteredStream(opener.open(), op, start);
        } catch (IOException | RuntimeException e) {
            failed(op, e);
            metrics.observeDuration(op, start); // as Thanos, a failed open is timed too
            throw e;
        }
    }

    @Override
    public void upload(String name, InputStream content, long size) throws IOException {
        metrics.attempted(Operations.UPLOAD);
        long start = System.nanoTime();
        CountingStream counting = new CountingStream(content);
        try {
            delegate.upload(name, counting, size);
        } catch (IOException | RuntimeException e) {
            failed(Operations.UPLOAD, e);
            throw e;
        }
        metrics.transferred(Operations.UPLOAD, counting.count);
        metrics.observeDuration(Operations.UPLOAD, start);
        metrics.uploadSucceeded();
    }

    @Override
    public void delete(String name) throws IOException {
        metrics.attempted(Operations.DELETE);
        long start = System.nanoTime();
        try {
            delegate.delete(name);
        } catch (IOException | RuntimeException e) {
            failed(Operations.DELETE, e);
            throw e;
        }
        metrics.observeDuration(Operations.DELETE, start);
    }

    @Override
    public boolean exists(String name) throws IOException {
        metrics.attempted(Operations.EXISTS);
        long start = System.nanoTime();
        boolean result;
        try {
            result = delegate.exists(name);
        } catch (IOException | RuntimeException e) {
            failed(Operations.EXISTS, e);
            throw e;
        }
        metrics.observeDuration(Operations.EXISTS, start);
        return result;
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        metrics.attempted(Operations.ATTRIBUTES);
        long start = System.nanoTime();
        ObjectAttributes result;
        try {
            result = delegate.attributes(name);
        } catch (IOException | RuntimeException e) {
            failed(Operations.ATTRIBUTES, e);
            throw e;
        }
        metrics.observeDuration(Operations.ATTRIBUTES, start);
        return result;
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        metrics.attempted(Operations.ITER);
        long start = System.nanoTime();
        try {
            delegate.iter(dir, visitor, recursive);
        } catch (IOException | RuntimeException e) {
            failed(Operations.ITER, e);
            throw e;
        } finally {
            metrics.observeDuration(Operations.ITER, start); // as Thanos: iter's timer runs whatever the outcome
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** Counts what the provider reads from the caller's stream. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the caller owns the stream; Bucket.upload does not close it
        }
    }

    /** Counts fetched bytes and read failures; observes the duration when closed. */
    private final class MeteredStream extends FilterInputStream {
        private final String op;
        private final long start;
        private long bytes;
        private boolean failed;
        private boolean closed;

        MeteredStream(InputStream in, String op, long start) {
            super(in);
            this.op = op;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    bytes++;
                    metrics.fetched(op, 1);
                }
                return b;
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    bytes += n;
                    metrics.fetched(op, n);
                }
                return n;
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                throw e;
            }
        }

        private void readFailed(Exception e) {
            if (!failed) {
                failed = true;
                failed(op, e);
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                in.close();
            } finally {
                metrics.transferred(op, bytes);
                if (!failed) {
                    metrics.observeDuration(op, start);
                }
            }
        }
    }
}
