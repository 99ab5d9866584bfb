package dev.parley.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Helpers for tests that touch files. */
final class TestFiles {
    private TestFiles() {}

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static void chmod(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    /**
     * Whether this process ignores folder permissions (root, or CAP_DAC_OVERRIDE): then a read-only
     * folder cannot make a write fail, and tests must break writes another way.
     */
    static boolean permissionsAreBypassed(Path scratch) throws IOException {
        Path probe = Files.createDirectory(scratch.resolve("probe-" + System.nanoTime()));
        chmod(probe, "r-x------");
        try {
            Files.createFile(probe.resolve("x"));
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            chmod(probe, "rwx------");
        }
    }

    /** A "random" source that yields exactly these bytes, then fails. */
    static SecureRandom yielding(byte[] bytes) {
        return new SecureRandom() {
            private int pos;

            @Override
            public void nextBytes(byte[] out) {
                if (pos + out.length > bytes.length) {
                    throw new IllegalStateException("test random exhausted");
                }
                System.arraycopy(bytes, pos, out, 0, out.length);
                pos += out.length;
            }
        };
    }
}
