package dev.parley.tui;

import dev.parley.chat.Sanitizer;
import dev.parley.chat.TransferInfo;
import java.util.Locale;

/**
 * A transfer as one line of the UI, the line its conversation shows and rewrites as it goes:
 * {@code #3 ⇣ q3.pdf 45 % · 12.3 MB/s · 0:14 left} while bytes move ({@code ⇣} incoming, {@code ⇡}
 * outgoing), an offer to us naming {@code /accept 3} and {@code /decline 3}, then
 * {@code ✓ saved to …}, {@code ✗ failed: reason}, {@code ✗ cancelled: …}. Stateless.
 */
final class TransferFormat {
    static final String DONE_MARK = "\u2713";
    static final String FAILED_MARK = "\u2717";
    static final String IN = "\u21e3";
    static final String OUT = "\u21e1";

    private TransferFormat() {}

    static String line(TransferInfo t) {
        StringBuilder b = new StringBuilder().append('#').append(t.n()).append(' ')
                .append(t.incoming() ? IN : OUT).append(' ').append(Sanitizer.text(name(t))).append(' ');
        String reason = t.reason() == null ? null : Sanitizer.text(t.reason());
        switch (t.state()) {
            case "offered" -> {
                b.append('(').append(bytes(t.total())).append(") offered");
                if (reason != null) {
                    b.append(" \u00b7 ").append(reason);
                }
                if (t.incoming()) {
                    b.append(" \u00b7 /accept ").append(t.n()).append(" [DIR] or /decline ").append(t.n());
                } else {
                    b.append(", waiting for an answer \u00b7 /cancel ").append(t.n()).append(" withdraws it");
                }
            }
            case "active" -> progress(b, t);
            case "accepted" -> b.append(percent(t)).append(" accepted, connecting").append(reason(reason));
            case "paused" -> b.append(percent(t)).append(" paused").append(reason(reason))
                    .append(" \u00b7 /resume ").append(t.n());
            case "verifying" -> b.append(percent(t)).append(" checking").append(reason(reason));
            case "done" -> {
                b.append(DONE_MARK);
                if (t.incoming()) {
                    b.append(" saved to ").append(t.savedTo() == null ? "?" : Sanitizer.text(t.savedTo()));
                } else {
                    b.append(" sent, ").append(bytes(t.total())).append(", verified by the peer");
                }
            }
            default -> b.append(FAILED_MARK).append(' ').append(t.state()).append(reason(reason)); // failed, cancelled, declined, expired
        }
        return b.toString();
    }

    /** Green once done, red once it failed (or was cancelled, declined, expired), else plain. */
    static Style style(TransferInfo t) {
        if (t.state().equals("done")) {
            return Style.GOOD;
        }
        return t.finished() ? Style.ALERT : Style.NORMAL;
    }

    /** The first file's name, with how many more there are. */
    private static String name(TransferInfo t) {
        if (t.files().isEmpty()) {
            return "?";
        }
        String name = t.files().get(0).path();
        return t.files().size() > 1 ? name + " (+" + (t.files().size() - 1) + ")" : name;
    }

    private static void progress(StringBuilder b, TransferInfo t) {
        b.append(percent(t));
        if (t.rate() > 0) {
            b.append(" \u00b7 ").append(String.format(Locale.ROOT, "%.1f MB/s", t.rate() / 1e6));
        }
        if (t.etaSeconds() != null) {
            b.append(" \u00b7 ").append(duration(t.etaSeconds())).append(" left");
        }
    }

    private static String reason(String reason) {
        return reason == null ? "" : ": " + reason;
    }

    static String percent(TransferInfo t) {
        long pct = t.total() == 0 ? 100 : Math.min(100, t.bytes() * 100 / t.total());
        return pct + " %";
    }

    /** {@code 0:14}, {@code 12:03}, {@code 1:02:03}. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** {@code 980 B}, {@code 1.2 MB}, {@code 340 MB}: decimal units, as the rate (and as files.Units). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
