package io.thanosj.objstore.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.objstore.SecretRedactor;
import java.io.IOException;
import java.util.Set;

/** Turns Aliyun OSS SDK exceptions into the bucket contract's exceptions. */
final class OssErrors {
    /** OSS error codes worth retrying (server-side trouble and throttling). */
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "InternalError", "ServiceUnavailable", "RequestTimeout", "SlowDown", "Throttling",
            "QpsLimitExceeded", "DownloadTrafficRateLimitExceeded", "UploadTrafficRateLimitExceeded");

    private final String bucket;
    private final SecretRedactor redactor;

    OssErrors(String bucket, SecretRedactor redactor) {
        this.bucket = bucket;
        this.redactor = redactor;
    }

    static boolean isNotFound(RuntimeException e) {
        return e instanceof OSSException o && "NoSuchKey".equals(o.getErrorCode());
    }

    static boolean isInvalidRange(RuntimeException e) {
        return e instanceof OSSException o && "InvalidRange".equals(o.getErrorCode());
    }

    BucketException translate(String operation, String name, RuntimeException e) {
        if (isNotFound(e)) {
            return new ObjectNotFoundException(bucket, name, e);
        }
        String what = operation + " " + name + " in bucket " + bucket + ": ";
        if (e instanceof OSSException o) {
            String code = o.getErrorCode();
            String message = what + (code == null ? "unreadable error response" : code)
                    + (o.getErrorMessage() == null ? "" : ": " + o.getErrorMessage())
                    + (o.getRequestId() == null ? "" : " (request id " + o.getRequestId() + ")");
            return new BucketException(redactor.redact(message), code == null || TRANSIENT_CODES.contains(code), e);
        }
        if (e instanceof ClientException c) {
            // Network failures: connection refused or reset, timeouts.
            return new BucketException(redactor.redact(what + c.getErrorMessage()), true, e);
        }
        return new BucketException(redactor.redact(what + e), false, e);
    }

    BucketException readFailure(String name, IOException e) {
        return new BucketException(redactor.redact("read " + name + " in bucket " + bucket + ": " + e), true, e);
    }
}
