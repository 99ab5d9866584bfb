package dev.parley.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A rolling file appender whose files only their owner can read: the log names peers and addresses.
 * Logback calls {@link #openFile} at start and after every rollover, on whichever thread logged.
 */
final class PrivateRollingFileAppender extends RollingFileAppender<ILoggingEvent> {
    @Override
    public void openFile(String fileName) throws IOException {
        PrivateFiles.createOrRestrict(Path.of(fileName));
        super.openFile(fileName);
    }
}
