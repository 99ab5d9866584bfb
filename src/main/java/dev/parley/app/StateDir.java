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
 * {@code $PARLEY_HOME}, else {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}, where
 * {@code ~} is {@code $HOME} (else the account's home folder, as the JVM has it from the password
 * database). A leading {@code ~} or {@code ~/} of {@code --home} is the home folder too, as a shell
 * would have expanded it (it does not after {@code --home=}). Stateless.
 */
public final class StateDir {
    public static final String APP_DIR = "parley";
    /** The environment variable that stands for {@code --home}. */
    public static final String VARIABLE = "PARLEY_HOME";
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
        String envHome = env.get("HOME");
        String home = envHome != null && !envHome.isEmpty() && Path.of(envHome).isAbsolute() ? envHome : userHome;
        String given = homeOption;
        String from = "--home";
        if (given == null && env.get(VARIABLE) != null && !env.get(VARIABLE).isEmpty()) {
            given = env.get(VARIABLE);
            from = VARIABLE;
        }
        if (given != null) {
            return expandTilde(given, home, from).toAbsolutePath();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, APP_DIR);
        }
        return Path.of(home, ".config", APP_DIR);
    }

    /**
     * {@code ~} and {@code ~/PATH} as a shell expands them; {@code ~USER} is refused (an
     * {@link IllegalArgumentException} whose message is for the user) rather than made a folder named so.
     */
    static Path expandTilde(String path, String home, String from) {
        if (path.equals("~")) {
            return Path.of(home);
        }
        if (path.startsWith("~/")) {
            return Path.of(home, path.substring(2));
        }
        if (path.startsWith("~")) {
            throw new IllegalArgumentException(from + ": " + Quote.of(path)
                    + ": ~USER is not expanded here; give the folder's full path");
        }
        return Path.of(path);
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
