package dev.parley.app;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Creates files readable by their owner only (mode 0600) where the file system knows modes. Thread-safe. */
final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /**
     * Creates {@code file} with mode 0600, or sets 0600 on it if it exists; refuses a symbolic link (its
     * target would be changed and written) or anything but a regular file (see {@link StateFiles}).
     */
    static void createOrRestrict(Path file) throws IOException {
        StateFiles.checkWritable(file);
        Path folder = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null;
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
    }
}
