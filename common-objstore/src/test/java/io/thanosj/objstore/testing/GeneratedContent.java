package io.thanosj.objstore.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Pseudo-random object content computed from the byte position, so tests can stream objects of
 * any size without holding them, and know the exact bytes of any range.
 */
public final class GeneratedContent {
    private final long seed;
    private final long size;

    public GeneratedContent(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    public long size() {
        return size;
    }

    public byte byteAt(long pos) {
        long word = mix(seed ^ (pos >>> 3));
        return (byte) (word >>> ((pos & 7) * 8));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The bytes {@code [offset, offset+length)} of the content. */
    public byte[] range(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = byteAt(offset + i);
        }
        return b;
    }

    /** A fresh stream of the whole content. */
    public InputStream stream() {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                return pos < size ? byteAt(pos++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = byteAt(pos + i);
                }
                pos += n;
                return n;
            }
        };
    }

    /** SHA-256 of the content, hex. */
    public String sha256() throws IOException {
        return sha256(stream());
    }

    /** SHA-256 of what {@code in} yields, hex; reads with a small buffer (no whole-object arrays). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
