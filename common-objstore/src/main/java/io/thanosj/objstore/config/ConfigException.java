package io.thanosj.objstore.config;

/**
 * Object storage configuration that cannot be used. The message is one line naming the key and/or
 * the YAML line at fault, and never contains a secret value.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
