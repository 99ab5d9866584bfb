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
 * internationalised one, say) ends where they begin; one longer than {@link #MAX_LENGTH} is no link.
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
            while (end < text.length() && ALLOWED.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            end = trimmed(text, at, end);
            if (end - at > scheme.length() + 1 && end - at <= MAX_LENGTH && plausible(text, scheme, at, end)) {
                out.add(new Span(at, end));
            }
            i = Math.max(end, at + scheme.length());
        }
        return out;
    }

    /** Without the sentence's punctuation after it, or brackets closed that it did not open. */
    private static int trimmed(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (TRAILING.indexOf(last) >= 0) {
                end--;
            } else if ((last == ')' || last == ']') && count(text, start, end, last == ')' ? '(' : '[')
                    < count(text, start, end, last)) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
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
