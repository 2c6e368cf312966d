package io.thanosj.objstore;

/** The named object does not exist (S3 {@code NoSuchKey}, a missing file). Never transient. */
public class ObjectNotFoundException extends BucketException {
    private static final long serialVersionUID = 1L;

    private final String objectName;

    public ObjectNotFoundException(String bucket, String objectName, Throwable cause) {
        super("object " + objectName + " not found in bucket " + bucket, false, cause);
        this.objectName = objectName;
    }

    public String objectName() {
        return objectName;
    }
}
