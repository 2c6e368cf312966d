package io.thanosj.objstore.oss;

import com.aliyun.oss.model.OSSObject;
import java.io.FilterInputStream;
import java.io.IOException;

/**
 * The body of a GET. Read failures become transient {@code BucketException}s; closing before the
 * end aborts the connection instead of draining the rest of the object.
 */
final class OssObjectStream extends FilterInputStream {
    private final OSSObject object;
    private final String name;
    private final OssErrors errors;
    private boolean eof;
    private boolean closed;

    OssObjectStream(OSSObject object, String name, OssErrors errors) {
        super(object.getObjectContent());
        this.object = object;
        this.name = name;
        this.errors = errors;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            eof |= b < 0;
            return b;
        } catch (IOException e) {
            throw errors.readFailure(name, e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            eof |= n < 0;
            return n;
        } catch (IOException e) {
            throw errors.readFailure(name, e);
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
        if (eof) {
            object.close();
        } else {
            object.forcedClose();
        }
    }
}
