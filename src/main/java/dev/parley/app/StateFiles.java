package dev.parley.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * The state folder's rules, as OpenSSH's StrictModes has them for {@code ~/.ssh}: the folder must be the
 * user's and writable by nobody else (else anyone could swap the files below); a file Parley reads its
 * settings from must be writable by nobody else; a file Parley writes (the log) must be a plain file, not
 * a symbolic link that would make it write, or change the mode of, a file elsewhere; and nothing that is
 * not a regular file is read (a FIFO would hang start-up). With the folder checked, nobody else can swap
 * a checked file between the check and its use. Where the file system has no POSIX modes, only the kind
 * of file is checked. Stateless.
 */
final class StateFiles {
    private StateFiles() {}

    /** Refuses a state folder writable by group or others, or owned by another user. */
    static void checkFolder(Path dir) throws IOException {
        PosixFileAttributes a = posix(dir, true);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a folder");
        }
        UserPrincipal me = currentUser(dir);
        if (me != null && !me.equals(a.owner())) {
            throw new IOException("the state folder " + dir + " belongs to " + a.owner().getName()
                    + ", not to you (" + me.getName() + "): anyone who owns it can replace Parley's files");
        }
        if (writableByOthers(a.permissions())) {
            throw new IOException("the state folder " + dir + " is writable by group or others (mode "
                    + octal(a.permissions()) + "): anyone who can write there can replace Parley's files;"
                    + " run chmod 700 '" + dir + "'");
        }
    }

    /**
     * Why a settings file must not be used, or empty if it may be read (or does not exist): not a regular
     * file, or writable by group or others.
     */
    static Optional<String> unsafeToRead(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("not a regular file; refusing to read it");
        }
        PosixFileAttributes a = posix(file, true);
        if (a != null && writableByOthers(a.permissions())) {
            return Optional.of("writable by group or others (mode " + octal(a.permissions()) + "), so anyone could"
                    + " set your nickname or the peers you dial; run chmod 600 '" + file + "'");
        }
        return Optional.empty();
    }

    /** Refuses a file to be written that is a symbolic link or anything but a regular file (if it exists). */
    static void checkWritable(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; Parley does not write through links"
                    + " (remove it, and Parley creates the file)");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file (remove it, and Parley creates the file)");
        }
    }

    private static PosixFileAttributes posix(Path p, boolean follow) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        try {
            return follow ? Files.readAttributes(p, PosixFileAttributes.class)
                    : Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IOException(p + ": no such file or folder", e);
        }
    }

    /** This process's user, or null if it cannot be told (then ownership is not checked). */
    private static UserPrincipal currentUser(Path anyPath) {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return anyPath.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean writableByOthers(Set<PosixFilePermission> perms) {
        return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal()); // declared OWNER_READ .. OTHERS_EXECUTE
        }
        return String.format("%04o", mode);
    }
}
