package io.thanosj.objstore.retry;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.ObjectNames;
import java.io.IOException;
import java.io.InputStream;

/**
 * Repeats transiently failed requests according to a {@link RetryPolicy}. Reads are retried while
 * opening the object; a stream that breaks later fails its caller's read. Uploads pass straight
 * through: a stream cannot be replayed here, so providers retry each buffered request (a part,
 * a small object) themselves with the same policy. A failed iteration is restarted and entries
 * already delivered are skipped, which listings sorted by key make exact. Failures of the
 * caller's visitor are never retried.
 */
public final class RetryingBucket implements Bucket {
    private final Bucket delegate;
    private final RetryPolicy policy;

    public RetryingBucket(Bucket delegate, RetryPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public InputStream get(String name) throws IOException {
        return policy.call("get", name, () -> delegate.get(name));
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        return policy.call("get_range", name, () -> delegate.getRange(name, offset, length));
    }

    @Override
    public void upload(String name, InputStream content, long size) throws IOException {
        delegate.upload(name, content, size);
    }

    @Override
    public void delete(String name) throws IOException {
        policy.call("delete", name, () -> {
            delegate.delete(name);
            return null;
        });
    }

    @Override
    public boolean exists(String name) throws IOException {
        return policy.call("exists", name, () -> delegate.exists(name));
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        return policy.call("attributes", name, () -> delegate.attributes(name));
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        ResumingVisitor resuming = new ResumingVisitor(visitor);
        try {
            policy.call("iter", dir, () -> {
                delegate.iter(dir, resuming, recursive);
                return null;
            });
        } catch (VisitorFailure f) {
            f.rethrowCause();
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** Remembers the last delivered entry and skips everything up to it on a restarted listing. */
    private static final class ResumingVisitor implements IterVisitor {
        private final IterVisitor visitor;
        private String last;

        ResumingVisitor(IterVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public void visit(String name) {
            if (last != null && ObjectNames.KEY_ORDER.compare(name, last) <= 0) {
                return;
            }
            try {
                visitor.visit(name);
            } catch (IOException | RuntimeException e) {
                throw new VisitorFailure(e);
            }
            last = name;
        }
    }

    /** Carries a visitor's own exception past the retry loop, which must not retry it. */
    private static final class VisitorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VisitorFailure(Exception cause) {
            super(null, cause, false, false);
        }

        void rethrowCause() throws IOException {
            if (getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) getCause();
        }
    }
}
