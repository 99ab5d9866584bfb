package dev.parley.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Parley keeps its identity, known peers, network settings and log: {@code --home DIR}, else
 * {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}. Stateless.
 */
public final class StateDir {
    public static final String APP_DIR = "parley";

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
}
