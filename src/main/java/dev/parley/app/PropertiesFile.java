package dev.parley.app;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the subset of the properties format that {@code parley.properties} uses, keeping line
 * numbers: UTF-8; one {@code key = value} per line, split at the first {@code =}, both sides trimmed;
 * blank lines and lines whose first non-blank character is {@code #} or {@code !} are ignored. There
 * are no escapes, no continuation lines and no comments after a value: a backslash is a backslash.
 * Stateless and thread-safe.
 */
final class PropertiesFile {
    /** One {@code key = value} line; {@code line} counts from 1. */
    record Entry(String key, String value, int line) {}

    /** A line that is not {@code key = value}, or bytes that are not UTF-8. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }

        /** The line at fault, counting from 1, or 0 for the file as a whole. */
        int line() {
            return line;
        }
    }

    private PropertiesFile() {}

    static List<Entry> parse(byte[] content) throws SyntaxException {
        String text = decode(content);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Entry e = parseLine(lines[i], i + 1);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static Entry parseLine(String line, int number) throws SyntaxException {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#") || s.startsWith("!")) {
            return null;
        }
        int eq = s.indexOf('=');
        if (eq <= 0) {
            throw new SyntaxException(number, "expected KEY = VALUE, found " + Quote.of(s));
        }
        return new Entry(s.substring(0, eq).strip(), s.substring(eq + 1).strip(), number);
    }

    private static String decode(byte[] content) throws SyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxException(0, "not valid UTF-8");
        }
    }
}
