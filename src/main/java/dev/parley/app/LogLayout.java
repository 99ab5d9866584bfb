package dev.parley.app;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * One line of {@code parley.log}, written in code. It gives what the logback pattern
 * {@value #EQUIVALENT_PATTERN} gives (a test compares the two), without compiling that pattern at
 * start-up, which costs logback some 40 ms and a few hundred lambdas and classes. Control and format
 * characters in the message become {@code ?}, and in a stack trace all but tab and line breaks, so a
 * hostile nickname cannot drive the terminal of someone reading the log. Thread-safe.
 */
final class LogLayout extends LayoutBase<ILoggingEvent> {
    static final String EQUIVALENT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - "
            + "%replace(%msg){'[\\p{Cc}\\p{Cf}&&[^\\t]]', '?'}%n%replace(%ex){'[\\p{Cc}\\p{Cf}&&[^\\t\\r\\n]]', '?'}%nopex";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final Pattern UNSAFE_IN_MESSAGE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\t]]");
    private static final Pattern UNSAFE_IN_TRACE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\t\\r\\n]]");
    private static final int LOGGER_LENGTH = 36;

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(160);
        b.append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()).atZone(zone))).append(' ');
        String level = e.getLevel().toString();
        b.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        b.append(" [").append(e.getThreadName()).append("] ");
        b.append(abbreviator.abbreviate(e.getLoggerName())).append(" - ");
        b.append(UNSAFE_IN_MESSAGE.matcher(String.valueOf(e.getFormattedMessage())).replaceAll("?"));
        b.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = e.getThrowableProxy();
        if (thrown != null) {
            b.append(UNSAFE_IN_TRACE.matcher(ThrowableProxyUtil.asString(thrown)).replaceAll("?"));
        }
        return b.toString();
    }
}
