package dev.parley.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where Parley keeps its identity, known peers, network settings and log: {@code --home DIR}, else
 * {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}. Stateless.
 */
public final class StateDir {
    public static final String APP_DIR = "parley";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private StateDir() {}

    /** Resolves against this process's environment and user.home. */
    public static Path resolve(String homeOption) {
        return resolve(homeOption, System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The state folder for the given {@code --home} value (null when not given), environment and home
     * folder. As the XDG Base Directory spec says, an empty or relative {@code XDG_CONFIG_HOME} is ignored.
     */
    public static Path resolve(String homeOption, Map<String, String> env, String userHome) {
        if (homeOption != null) {
            return Path.of(homeOption).toAbsolutePath();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, APP_DIR);
        }
        return Path.of(userHome, ".config", APP_DIR);
    }

    /**
     * Creates the state folder, and any missing parents, readable by the owner alone (0700) where the
     * file system knows modes, whatever the umask; an existing folder is left as it is, but refused if
     * it is another user's or writable by group or others ({@link StateFiles#checkFolder}).
     */
    public static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            StateFiles.checkFolder(dir);
            return;
        }
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        Path missing = dir.toAbsolutePath();
        while (missing.getParent() != null && !Files.isDirectory(missing.getParent())) {
            missing = missing.getParent();
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(missing); p = p.getParent()) {
            Files.setPosixFilePermissions(p, OWNER_ONLY); // the umask may have taken bits away
        }
    }
}
