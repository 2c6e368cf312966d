package io.thanosj.objstore.s3;

import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.objstore.SecretRedactor;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Turns AWS SDK exceptions into the bucket contract's exceptions. */
final class S3Errors {
    /** Error codes that mean "try again later" even when the status is not 5xx. */
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestLimitExceeded",
            "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed");

    private final String bucket;
    private final SecretRedactor redactor;

    S3Errors(String bucket, SecretRedactor redactor) {
        this.bucket = bucket;
        this.redactor = redactor;
    }

    static boolean isNotFound(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        // HEAD answers carry no body, hence no error code: a bare 404 is a missing key.
        return e instanceof AwsServiceException ase && ase.statusCode() == 404
                && (code(ase) == null || "NoSuchKey".equals(code(ase)) || "NotFound".equals(code(ase)));
    }

    static boolean isInvalidRange(SdkException e) {
        return e instanceof AwsServiceException ase && (ase.statusCode() == 416 || "InvalidRange".equals(code(ase)));
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    BucketException translate(String operation, String name, SdkException e) {
        if (isNotFound(e)) {
            return new ObjectNotFoundException(bucket, name, e);
        }
        String what = operation + " " + name + " in bucket " + bucket + ": ";
        if (e instanceof AwsServiceException ase) {
            int status = ase.statusCode();
            String code = code(ase);
            String detail = ase.awsErrorDetails() != null && ase.awsErrorDetails().errorMessage() != null
                    ? ase.awsErrorDetails().errorMessage() : "";
            boolean transientFailure = status >= 500 || status == 429 || (code != null && TRANSIENT_CODES.contains(code));
            String message = what + (code == null ? "" : code + " ") + "(HTTP " + status + ")"
                    + (detail.isEmpty() ? "" : ": " + detail);
            return new BucketException(redactor.redact(message), transientFailure, e);
        }
        // Client-side failures are transient when they are I/O (connection refused or reset, timeouts);
        // missing credentials or a bad request are not.
        boolean io = e instanceof SdkClientException && hasIoCause(e);
        return new BucketException(redactor.redact(what + e.getMessage()), io || e.retryable(), e);
    }

    private static boolean hasIoCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    BucketException readFailure(String name, IOException e) {
        return new BucketException(redactor.redact("read " + name + " in bucket " + bucket + ": " + e), true, e);
    }
}
