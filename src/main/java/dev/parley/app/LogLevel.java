package dev.parley.app;

import java.util.Locale;

/** How much Parley writes to its log file, from least to most. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** The spelling in configuration: {@code error}, {@code warn}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
