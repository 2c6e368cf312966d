package io.thanosj.objstore.multipart;

import java.io.IOException;

/** The storage requests of an upload, one provider's way; called by {@link StreamingUpload}. */
public interface PartUploader {

    /** Stores a whole object from one buffer (objects no larger than a part). */
    void putObject(PartBuffer content) throws IOException;

    /** Starts a multipart upload and returns its id. */
    String begin() throws IOException;

    /** Sends part {@code partNumber} (from 1) and remembers what {@link #complete} needs. */
    void uploadPart(String uploadId, int partNumber, PartBuffer content) throws IOException;

    /** Makes the object visible from its parts. */
    void complete(String uploadId) throws IOException;

    /** Drops the parts; the object never becomes visible. */
    void abort(String uploadId) throws IOException;
}
