package dev.parley.tui;

import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Lanterna 3.1.3's text terminal writes strings one {@code char} at a time, so a character outside the
 * Basic Multilingual Plane (most emoji, rare CJK) reaches the terminal as two lone surrogates, printed
 * "??" (lanterna issue #505). This terminal writes such a string in one piece. UI thread only.
 */
final class Utf8UnixTerminal extends UnixTerminal {
    Utf8UnixTerminal(InputStream in, OutputStream out) throws IOException {
        super(in, out, charset(), CtrlCBehaviour.TRAP);
    }

    /** The terminal's encoding: the JVM's, unless that cannot encode Unicode at all (a bare POSIX locale). */
    private static Charset charset() {
        Charset c = Charset.defaultCharset();
        return c.newEncoder().canEncode('\u00e9') ? c : StandardCharsets.UTF_8;
    }

    @Override
    public void putString(String string) throws IOException {
        if (hasSurrogates(string)) {
            writeToTerminal(string.getBytes(getCharset()));
        } else {
            super.putString(string);
        }
    }

    static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
