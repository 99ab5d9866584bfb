package dev.parley.headless;

import java.io.IOException;
import java.io.Reader;

/**
 * Standard input as command lines: a line ends at {@code \n} only (one {@code \r} before it, as in CR
 * LF, is dropped), so a CR inside a line stays part of its text instead of starting a new command, as
 * {@link java.io.BufferedReader#readLine} would make it. Bounded: a line longer than
 * {@link #MAX_CHARS} is skipped to its end and reported as {@link #TOO_LONG}. The command thread only;
 * not thread-safe.
 */
final class CommandLines {
    /** Room for {@code /msg}, a fingerprint and the longest message (32,000 bytes of UTF-8). */
    static final int MAX_CHARS = 64 * 1024;
    /** What {@link #next} returns for a line over {@link #MAX_CHARS} (a string no line can be). */
    static final String TOO_LONG = new String("\n");

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int start;
    private int end;

    CommandLines(Reader in) {
        this.in = in;
    }

    /** The next line without its end, {@link #TOO_LONG}, or null at the end of input. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        while (true) {
            if (start == end && !fill()) {
                return line.length() == 0 && !tooLong ? null : finish(line, tooLong);
            }
            int i = start;
            while (i < end && buffer[i] != '\n') {
                i++;
            }
            if (!tooLong) {
                line.append(buffer, start, i - start);
                if (line.length() > MAX_CHARS + 1) {
                    tooLong = true;
                    line.setLength(0);
                }
            }
            boolean lineEnds = i < end;
            start = lineEnds ? i + 1 : end;
            if (lineEnds) {
                return finish(line, tooLong);
            }
        }
    }

    private static String finish(StringBuilder line, boolean tooLong) {
        if (tooLong) {
            return TOO_LONG;
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.length() > MAX_CHARS ? TOO_LONG : line.toString();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        start = 0;
        end = n;
        return true;
    }
}
