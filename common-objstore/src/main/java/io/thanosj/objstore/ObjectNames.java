package io.thanosj.objstore;

import java.util.Comparator;

/** Rules for object names and directory prefixes that every provider shares. */
public final class ObjectNames {
    /** The directory delimiter of object names, as in Thanos ({@code objstore.DirDelim}). */
    public static final String DELIMITER = "/";

    /**
     * The order of keys in an S3 listing: by UTF-8 bytes, which is code point order. Plain {@link
     * String#compareTo} differs for characters outside the Basic Multilingual Plane.
     */
    public static final Comparator<String> KEY_ORDER = ObjectNames::compareKeys;

    private ObjectNames() {}

    private static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Rejects names no provider can store; returns the name. */
    public static String require(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("object name is empty");
        }
        return name;
    }

    /** {@code ""} for the root, otherwise {@code dir} ending with exactly one '/'. */
    public static String dirPrefix(String dir) {
        if (dir == null || dir.isEmpty()) {
            return "";
        }
        int end = dir.length();
        while (end > 0 && dir.charAt(end - 1) == '/') {
            end--;
        }
        return end == 0 ? "" : dir.substring(0, end) + DELIMITER;
    }

    /** Validates a range request; see {@link Bucket#getRange}. */
    public static void requireRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative range offset " + offset);
        }
        if (length < -1) {
            throw new IllegalArgumentException("range length must be -1 (to the end) or >= 0, got " + length);
        }
    }
}
