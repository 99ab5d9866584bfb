package dev.parley.app;

import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.helper.CompressionMode;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Rolls {@code parley.log} over to {@code parley.1.log}, that to {@code parley.2.log} and so on, the
 * oldest dropped. Logback's own fixed-window policy takes a file name pattern in which a {@code %} in
 * the state folder's name would be read as a conversion, with no way to escape it. Logback calls
 * {@link #rollover} under its appender's lock.
 */
final class NumberedArchives extends ContextAwareBase implements RollingPolicy {
    private final Path active;
    private final int archives;
    private volatile boolean started;

    NumberedArchives(Path active, int archives) {
        this.active = active;
        this.archives = archives;
    }

    static Path archive(Path active, int number) {
        String name = active.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return active.resolveSibling(name.substring(0, dot) + "." + number + name.substring(dot));
    }

    @Override
    public void rollover() throws RolloverFailure {
        try {
            for (int i = archives - 1; i >= 1; i--) {
                if (Files.exists(archive(active, i))) {
                    Files.move(archive(active, i), archive(active, i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(active, archive(active, 1), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RolloverFailure("cannot roll " + active + " over", e);
        }
    }

    @Override
    public String getActiveFileName() {
        return active.toString();
    }

    @Override
    public CompressionMode getCompressionMode() {
        return CompressionMode.NONE;
    }

    @Override
    public void setParent(FileAppender<?> appender) {
        // The active file is fixed at construction.
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
