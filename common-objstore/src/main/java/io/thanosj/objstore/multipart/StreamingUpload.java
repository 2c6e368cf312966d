package io.thanosj.objstore.multipart;

import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an object of known or unknown size to S3-like storage with one part of memory: objects
 * up to the part size go as one request, larger ones as a multipart upload whose parts are filled
 * one after the other from the caller's stream. Each request is retried on transient failures;
 * a failure of any kind (storage, source stream, wrong size) aborts the multipart upload, so
 * nothing becomes visible under the object's name.
 */
public final class StreamingUpload {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingUpload.class);
    /** S3 and OSS accept at most this many parts per upload. */
    public static final int MAX_PARTS = 10_000;

    private StreamingUpload() {}

    /** The part size to use: the configured one, raised when a known size would need too many parts. */
    public static long partSizeFor(long size, long configuredPartSize) {
        if (size <= (long) MAX_PARTS * configuredPartSize) {
            return configuredPartSize;
        }
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024 * 1024;
        return (needed + mib - 1) / mib * mib;
    }

    public static void upload(String name, InputStream in, long size, long configuredPartSize, RetryPolicy retry,
            PartUploader target) throws IOException {
        long partSize = size >= 0 ? partSizeFor(size, configuredPartSize) : configuredPartSize;
        PartBuffer buf = new PartBuffer();
        long first = buf.fill(in, size >= 0 ? Math.min(size, partSize) : partSize);
        boolean single = size >= 0 ? size <= partSize : first < partSize;
        if (single) {
            if (size >= 0) {
                requireSize(name, in, size, first);
            }
            retry.call("upload", name, () -> {
                target.putObject(buf);
                return null;
            });
            return;
        }
        if (size >= 0 && first < partSize) {
            throw ended(name, size, first);
        }
        String uploadId = retry.call("upload", name, target::begin);
        try {
            long total = 0;
            for (int part = 1; ; part++) {
                if (part > MAX_PARTS) {
                    throw new BucketException("upload of " + name + ": more than " + MAX_PARTS + " parts of " + partSize
                            + " bytes; raise part_size to upload objects of unknown size this large");
                }
                int partNumber = part;
                retry.call("upload", name, () -> {
                    target.uploadPart(uploadId, partNumber, buf);
                    return null;
                });
                total += buf.length();
                if (size >= 0 && total == size) {
                    requireSize(name, in, size, total);
                    break;
                }
                long want = size >= 0 ? Math.min(partSize, size - total) : partSize;
                long got = buf.fill(in, want);
                if (got == 0 && size < 0) {
                    break;
                }
                if (got < want && size >= 0) {
                    throw ended(name, size, total + got);
                }
                if (got < want) {
                    // last, short part of an unknown-size object
                    int last = part + 1;
                    retry.call("upload", name, () -> {
                        target.uploadPart(uploadId, last, buf);
                        return null;
                    });
                    break;
                }
            }
            retry.call("upload", name, () -> {
                target.complete(uploadId);
                return null;
            });
        } catch (IOException | RuntimeException | Error e) {
            try {
                target.abort(uploadId);
            } catch (IOException | RuntimeException abortFailure) {
                // The parts stay invisible either way; a bucket lifecycle rule can reclaim them.
                LOG.warn("could not abort multipart upload name={} err=\"{}\"", name, abortFailure.getMessage());
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    private static void requireSize(String name, InputStream in, long size, long read) throws IOException {
        if (read < size) {
            throw ended(name, size, read);
        }
        if (in.read() != -1) {
            throw new BucketException("upload of " + name + ": the stream holds more than the declared " + size + " bytes");
        }
    }

    private static BucketException ended(String name, long size, long read) {
        return new BucketException("upload of " + name + ": the stream ended after " + read + " of the declared "
                + size + " bytes");
    }
}
