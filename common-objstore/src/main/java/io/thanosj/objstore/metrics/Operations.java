package io.thanosj.objstore.metrics;

/** The {@code operation} label values of Thanos' bucket metrics. */
public final class Operations {
    public static final String ITER = "iter";
    public static final String GET = "get";
    public static final String GET_RANGE = "get_range";
    public static final String EXISTS = "exists";
    public static final String UPLOAD = "upload";
    public static final String DELETE = "delete";
    public static final String ATTRIBUTES = "attributes";

    private Operations() {}
}
