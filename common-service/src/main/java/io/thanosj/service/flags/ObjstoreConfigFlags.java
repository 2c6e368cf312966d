package io.thanosj.service.flags;

/**
 * {@code --objstore.config-file} / {@code --objstore.config}, declared once for every role that reads
 * or writes object storage: add a component of this type (without {@link Flag}) to the role's flags.
 * The text goes unsubstituted to common-objstore's {@code BucketConfig.parse}, which expands
 * {@code $(VAR)} references itself.
 */
public record ObjstoreConfigFlags(
    @Flag(name = "objstore.config",
        help = "YAML object store configuration (type: FILESYSTEM | S3 | ALIYUNOSS, config: ...). "
            + "See https://thanos.io/tip/thanos/storage.md/#configuration")
    PathOrContent config) {}
