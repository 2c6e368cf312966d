package io.thanosj.objstore.filesystem;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.ObjectNames;
import io.thanosj.objstore.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bucket in a local directory, Thanos' {@code FILESYSTEM} provider: object {@code a/b} is the file
 * {@code <directory>/a/b}. Uploads write a hidden temporary file in the target's directory and
 * rename it into place atomically, so readers and listings never see a partial object; listings
 * skip those temporary files and directories that hold no object.
 */
public final class FilesystemBucket implements Bucket {
    /** Temporary upload files start with this; iteration hides them. */
    static final String TEMP_PREFIX = ".thanosj-upload-";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;
    private final String name;

    public FilesystemBucket(Path directory) {
        this.root = directory.toAbsolutePath().normalize();
        // Same label value as Thanos, so dashboards keyed on the bucket label keep working.
        this.name = "fs: " + root;
    }

    public static FilesystemBucket create(FilesystemConfig config) {
        return new FilesystemBucket(config.directory());
    }

    @Override
    public String name() {
        return name;
    }

    private Path resolve(String objectName) {
        ObjectNames.require(objectName);
        Path p = root.resolve(objectName).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("object name " + objectName + " points outside the bucket directory");
        }
        return p;
    }

    @Override
    public InputStream get(String objectName) throws IOException {
        return getRange(objectName, 0, -1);
    }

    @Override
    public InputStream getRange(String objectName, long offset, long length) throws IOException {
        ObjectNames.requireRange(offset, length);
        Path file = resolve(objectName);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw translate(objectName, "open", e);
        }
        try {
            // open(2) succeeds on a directory; a directory is no object.
            if (Files.isDirectory(file)) {
                throw new ObjectNotFoundException(name, objectName, null);
            }
            long size = ch.size();
            long start = Math.min(offset, size);
            long end = length == -1 ? size : Math.min(size, start + length);
            ch.position(start);
            return new BoundedInputStream(Channels.newInputStream(ch), end - start);
        } catch (IOException e) {
            ch.close();
            throw translate(objectName, "read", e);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void upload(String objectName, InputStream content, long size) throws IOException {
        Path target = resolve(objectName);
        Path tmp = createTempFile(target);
        boolean moved = false;
        try {
            long written = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buf = new byte[COPY_BUFFER];
                int n;
                while ((n = content.read(buf)) != -1) {
                    written += n;
                    if (size >= 0 && written > size) {
                        throw new BucketException("upload of " + objectName + ": the stream holds more than the declared "
                                + size + " bytes");
                    }
                    out.write(buf, 0, n);
                }
                if (size >= 0 && written != size) {
                    throw new BucketException("upload of " + objectName + ": the stream ended after " + written
                            + " of the declared " + size + " bytes");
                }
                // Durable before visible: a crash after the rename must not expose a truncated file.
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new BucketException("upload of " + objectName + ": the file system cannot rename atomically", false, e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
                removeEmptyParents(target.getParent());
            }
        }
    }

    private Path createTempFile(Path target) throws IOException {
        String tmpName = TEMP_PREFIX + target.getFileName() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path tmp = target.resolveSibling(tmpName);
        // A concurrent delete may remove the freshly created (still empty) directory; try again once.
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                return Files.createFile(tmp);
            } catch (NoSuchFileException e) {
                if (attempt == 1) {
                    throw translate(target.toString(), "create", e);
                }
            } catch (IOException e) {
                throw translate(root.relativize(target).toString(), "create", e);
            }
        }
    }

    @Override
    public void delete(String objectName) throws IOException {
        Path file = resolve(objectName);
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return; // a directory is not an object
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw translate(objectName, "delete", e);
        }
        removeEmptyParents(file.getParent());
    }

    /** Directories exist only to hold objects; drop the ones a delete or failed upload emptied. */
    private void removeEmptyParents(Path dir) {
        Path d = dir;
        while (d != null && d.startsWith(root) && !d.equals(root)) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return; // best effort: an empty directory is invisible to iter anyway
            }
            d = d.getParent();
        }
    }

    @Override
    public boolean exists(String objectName) throws IOException {
        return Files.isRegularFile(resolve(objectName));
    }

    @Override
    public ObjectAttributes attributes(String objectName) throws IOException {
        Path file = resolve(objectName);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new ObjectNotFoundException(name, objectName, null);
            }
            return new ObjectAttributes(a.size(), a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            throw translate(objectName, "stat", e);
        }
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        Path base = prefix.isEmpty() ? root : resolve(prefix);
        walk(base, prefix, visitor, recursive);
    }

    private void walk(Path dir, String prefix, IterVisitor visitor, boolean recursive) throws IOException {
        for (String entry : sortedEntries(dir)) {
            if (entry.endsWith(ObjectNames.DELIMITER)) {
                if (recursive) {
                    walk(dir.resolve(entry.substring(0, entry.length() - 1)), prefix + entry, visitor, true);
                } else {
                    visitor.visit(prefix + entry);
                }
            } else {
                visitor.visit(prefix + entry);
            }
        }
    }

    /**
     * Names in {@code dir}, directories with a trailing '/', sorted as strings. Sorting the names
     * with their '/' (rather than bare file names) and walking depth-first yields the same order as
     * an S3 listing of the full keys.
     */
    private List<String> sortedEntries(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(TEMP_PREFIX)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (containsObject(p)) {
                        names.add(fileName + ObjectNames.DELIMITER);
                    }
                } else if (Files.isRegularFile(p)) {
                    names.add(fileName);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw translate(root.relativize(dir).toString(), "list", e);
        }
        names.sort(ObjectNames.KEY_ORDER);
        return names;
    }

    /** Whether an object lies anywhere below {@code dir}; stops at the first one found. */
    private static boolean containsObject(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    continue;
                }
                if (Files.isRegularFile(p) || (Files.isDirectory(p) && containsObject(p))) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }

    private BucketException translate(String objectName, String action, IOException e) {
        if (e instanceof BucketException be) {
            return be;
        }
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return new ObjectNotFoundException(name, objectName, e);
        }
        String reason = e instanceof AccessDeniedException ? "access denied"
                : e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new BucketException(action + " " + objectName + " in bucket " + name + ": " + reason, false, e);
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "FilesystemBucket[" + root + "]";
    }
}
