package io.thanosj.objstore.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GET. Read failures become transient {@code BucketException}s; closing before the
 * end aborts the connection, since the HTTP client would otherwise read the remaining bytes of
 * the object to reuse it.
 */
final class S3ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private final String name;
    private final S3Errors errors;
    private boolean eof;
    private boolean closed;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> response, String name, S3Errors errors) {
        super(response);
        this.response = response;
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
        } catch (SdkException e) {
            throw errors.translate("read", name, e);
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
        } catch (SdkException e) {
            throw errors.translate("read", name, e);
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
        if (!eof) {
            response.abort();
        }
        response.close();
    }
}
