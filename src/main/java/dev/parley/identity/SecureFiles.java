package dev.parley.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Private files written so that no reader ever sees half a file and no one else can read them: a temp
 * file in the same folder, owner-only from its creation, fsynced, then put in place in one step.
 * Stateless; safe to call from any thread.
 */
final class SecureFiles {
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecureFiles() {}

    static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder and any missing parents, owner-only (0700); an existing folder is left as it is. */
    static void ensurePrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // the umask may have taken bits away
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Creates {@code target} holding {@code content}, never replacing an existing file: it is put in
     * place with link(2), which fails if the name exists. (A rename, even Files.move with
     * ATOMIC_MOVE, silently replaces an existing file on Linux, so two racing first runs could each
     * end up with a different key.)
     *
     * @throws FileAlreadyExistsException if {@code target} exists, including when another process
     *     created it meanwhile
     */
    static void createNew(Path target, byte[] content) throws IOException {
        Path dir = parentOf(target);
        Path tmp = writeTemp(dir, target.getFileName().toString(), content);
        try {
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException) {
                    throw e;
                }
                // No hard links here (some non-POSIX or network file systems): a plain move refuses an
                // existing target too, only with a small window between its check and the rename.
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Replaces (or creates) {@code target} with {@code content} in one atomic rename. */
    static void replace(Path target, byte[] content) throws IOException {
        Path dir = parentOf(target);
        Path tmp = writeTemp(dir, target.getFileName().toString(), content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * The permissions as octal ("0644") if group or others have any access to the file, as OpenSSH
     * refuses such key files; empty where permissions are fine or the file system has no POSIX modes.
     */
    static Optional<String> tooOpen(Path file) throws IOException {
        if (!isPosix(file)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (GROUP_OR_OTHERS.contains(p)) {
                return Optional.of(octal(perms));
            }
        }
        return Optional.empty();
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** The file's bytes, or empty if it holds more than {@code max} bytes (it is then not ours). */
    static Optional<byte[]> readSmall(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? Optional.empty() : Optional.of(bytes);
        }
    }

    /** A short human reason for an I/O failure, for messages that already name the path. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("no parent folder: " + target);
        }
        return parent;
    }

    private static Path writeTemp(Path dir, String name, byte[] content) throws IOException {
        FileAttribute<?>[] attrs = isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", attrs);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Makes the new directory entry durable; best effort, as not every platform can open a folder. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // The file itself is fsynced; a lost directory entry after a crash means "no file yet".
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal()); // the enum is declared OWNER_READ .. OTHERS_EXECUTE
        }
        return String.format("%04o", mode);
    }
}
