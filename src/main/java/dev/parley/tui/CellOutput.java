package dev.parley.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextCharacter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one screen cell as {@link Utf8UnixTerminal} writes it, and where the cursor then is.
 * <ul>
 *   <li>Encoded whole with {@link String#getBytes(Charset)}: Lanterna 3.1.3 encodes a {@code char} with
 *       {@code Charset.encode(...).array()}, whose backing array is larger than the bytes written, so an
 *       {@code é} goes out as {@code C3 A9 00} (a NUL after every accented letter).</li>
 *   <li>A cell of several code points (an emoji with a skin tone, a ZWJ family, a flag: two columns; a
 *       letter with combining marks: one) is one grapheme to Lanterna; a terminal that draws it wider or
 *       narrower (one without combining marks draws the mark beside its letter) would shift the rest of the
 *       row, so after such a cell the cursor is put back where Lanterna expects it (CHA,
 *       {@code ESC [ n G}).</li>
 * </ul>
 * Lanterna positions the cursor before each run of cells it writes ({@link #moved}), so the column is
 * known. UI thread only; not thread-safe.
 */
final class CellOutput {
    private final Charset charset;
    private int column;

    CellOutput(Charset charset) {
        this.charset = charset;
    }

    /** Lanterna moved the cursor to column {@code x} (0-based). */
    void moved(int x) {
        column = x;
    }

    int column() {
        return column;
    }

    /** The bytes for a cell's text (nothing for a control character, as Lanterna does). */
    byte[] cell(String text) {
        if (text.isEmpty() || (text.length() == 1 && !TerminalTextUtils.isPrintableCharacter(text.charAt(0)))) {
            return new byte[0];
        }
        byte[] bytes = text.getBytes(charset);
        boolean wide = text.length() > 1 ? DisplayText.width(text) == 2
                : TextCharacter.fromCharacter(text.charAt(0))[0].isDoubleWidth();
        column += wide ? 2 : 1;
        if (text.codePointCount(0, text.length()) < 2) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
        out.writeBytes(bytes);
        out.writeBytes(("\033[" + (column + 1) + "G").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
