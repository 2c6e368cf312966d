package io.thanosj.objstore.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds one part of an upload in memory so that the request sending it can be repeated after a
 * transient failure. It grows in chunks (a small first one, so tiny objects stay cheap) up to the
 * part size and is reused for every part of an upload: an upload's heap use is one part, whatever
 * the object's size.
 */
public final class PartBuffer {
    private static final int FIRST_CHUNK = 64 * 1024;
    private static final int CHUNK = 1024 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private long length;

    /**
     * Replaces the content with up to {@code limit} bytes read from {@code in}; fewer only when the
     * stream ends first. Returns the number of bytes now held.
     */
    public long fill(InputStream in, long limit) throws IOException {
        length = 0;
        int chunkIndex = 0;
        while (length < limit) {
            byte[] chunk = chunk(chunkIndex);
            int chunkFill = 0;
            while (chunkFill < chunk.length && length < limit) {
                int n = in.read(chunk, chunkFill, (int) Math.min(chunk.length - chunkFill, limit - length));
                if (n < 0) {
                    return length;
                }
                chunkFill += n;
                length += n;
            }
            chunkIndex++;
        }
        return length;
    }

    private byte[] chunk(int index) {
        if (index == chunks.size()) {
            chunks.add(new byte[index == 0 ? FIRST_CHUNK : CHUNK]);
        }
        return chunks.get(index);
    }

    public long length() {
        return length;
    }

    /** A fresh stream over the content; each call starts again from the first byte. */
    public InputStream newInputStream() {
        return new PartInputStream();
    }

    /** MD5 of the content, for S3's Content-MD5 header. */
    public byte[] md5() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
        long left = length;
        for (int i = 0; left > 0; i++) {
            byte[] c = chunks.get(i);
            int n = (int) Math.min(c.length, left);
            md.update(c, 0, n);
            left -= n;
        }
        return md.digest();
    }

    private static int chunkIndex(long at) {
        return at < FIRST_CHUNK ? 0 : 1 + (int) ((at - FIRST_CHUNK) / CHUNK);
    }

    private static int chunkOffset(long at) {
        return (int) (at < FIRST_CHUNK ? at : (at - FIRST_CHUNK) % CHUNK);
    }

    /** Reads the buffer; supports mark/reset so SDKs can rewind it for their own retries. */
    private final class PartInputStream extends InputStream {
        private long pos;
        private long mark;

        @Override
        public int read() {
            if (pos >= length) {
                return -1;
            }
            int b = chunks.get(chunkIndex(pos))[chunkOffset(pos)] & 0xff;
            pos++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= length) {
                return -1;
            }
            int total = 0;
            while (total < len && pos < length) {
                int offset = chunkOffset(pos);
                byte[] c = chunks.get(chunkIndex(pos));
                int n = (int) Math.min(Math.min(c.length - offset, len - total), length - pos);
                System.arraycopy(c, offset, b, off + total, n);
                total += n;
                pos += n;
            }
            return total;
        }

        @Override
        public long skip(long n) {
            long s = Math.max(0, Math.min(n, length - pos));
            pos += s;
            return s;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, length - pos);
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(int readlimit) {
            mark = pos;
        }

        @Override
        public synchronized void reset() {
            pos = mark;
        }
    }
}
