package dev.parley.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the web and mail addresses in a message's text that may become links: {@code http://},
 * {@code https://} and {@code mailto:} followed by the characters RFC 3986 allows in a URI, all printable
 * ASCII (so no control character, no escape, no space can be in one, and what is shown is exactly the
 * target). Punctuation that ends a sentence is not part of it, nor a closing bracket that was not opened in
 * it ({@code (see https://example.org/a_(b))} keeps its last bracket). An address with other characters (an
 * internationalised one, say) ends where they begin; one longer than {@link #MAX_LENGTH} (before its
 * punctuation is trimmed) is no link, nor is any part of it. Linear in the text's length: at most
 * {@code MAX_LENGTH + 1} characters of an address are scanned, counted and trimmed.
 * Stateless and thread-safe.
 */
final class Urls {
    /** Longer than this (browsers take about 2,000) is no link. */
    static final int MAX_LENGTH = 2048;
    private static final String[] SCHEMES = {"https://", "http://", "mailto:"};
    private static final String ALLOWED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
    private static final String TRAILING = ".,;:!?'*";

    private Urls() {}

    /** Where a link is: {@code text[start, end)}. */
    record Span(int start, int end) {}

    static List<Span> find(String text) {
        return find(text, new long[1]);
    }

    /** As {@link #find(String)}, adding to {@code work[0]} each character looked at after a scheme (tests bound it). */
    static List<Span> find(String text, long[] work) {
        List<Span> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < text.length()) {
            int at = -1;
            String scheme = null;
            for (String s : SCHEMES) {
                int found = lower.indexOf(s, i);
                if (found >= 0 && (at < 0 || found < at)) {
                    at = found;
                    scheme = s;
                }
            }
            if (at < 0) {
                break;
            }
            int end = at + scheme.length();
            if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) { // "xhttps://" is not one
                i = end;
                continue;
            }
            // At most MAX_LENGTH + 1 characters are looked at for the address: one that long is no link
            // whatever trimming would leave, and the rest of its run is skipped (no address starts inside it).
            while (end < text.length() && end - at <= MAX_LENGTH && allowed(text.charAt(end))) {
                end++;
                work[0]++;
            }
            if (end - at > MAX_LENGTH) {
                while (end < text.length() && allowed(text.charAt(end))) {
                    end++;
                    work[0]++;
                }
                i = end;
                continue;
            }
            end = trimmed(text, at, end, work);
            if (end - at > scheme.length() + 1 && plausible(text, scheme, at, end)) {
                out.add(new Span(at, end));
            }
            i = Math.max(end, at + scheme.length());
        }
        return out;
    }

    private static boolean allowed(char c) {
        return ALLOWED.indexOf(c) >= 0;
    }

    /**
     * Without the sentence's punctuation after it, or brackets closed that it did not open. Linear: the
     * brackets are counted once, and the counts kept as characters are dropped.
     */
    private static int trimmed(String text, int start, int end, long[] work) {
        int openRound = 0;
        int closeRound = 0;
        int openSquare = 0;
        int closeSquare = 0;
        for (int i = start; i < end; i++) {
            work[0]++;
            switch (text.charAt(i)) {
                case '(' -> openRound++;
                case ')' -> closeRound++;
                case '[' -> openSquare++;
                case ']' -> closeSquare++;
                default -> { }
            }
        }
        while (end > start) {
            work[0]++;
            char last = text.charAt(end - 1);
            if (TRAILING.indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && openRound < closeRound) {
                closeRound--;
                end--;
            } else if (last == ']' && openSquare < closeSquare) {
                closeSquare--;
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    /** A web address has a host; a mail address an {@code @} with something on both sides. */
    private static boolean plausible(String text, String scheme, int start, int end) {
        String rest = text.substring(start + scheme.length(), end);
        if (scheme.equals("mailto:")) {
            int atSign = rest.indexOf('@');
            return atSign > 0 && atSign < rest.length() - 1;
        }
        return !rest.isEmpty() && Character.isLetterOrDigit(rest.charAt(0)) || rest.startsWith("[");
    }
}
