package dev.parley.tui;

import dev.parley.chat.TransferInfo;
import java.util.Locale;

/** A transfer as one line of the UI: {@code ⇣ q3.pdf 45 % · 12.3 MB/s · 0:14 left}. Stateless. */
final class TransferFormat {
    private TransferFormat() {}

    static String line(TransferInfo t) {
        String arrow = t.incoming() ? "\u21e3" : "\u21e1";
        String name = t.files().isEmpty() ? "?" : t.files().get(0).path();
        if (t.files().size() > 1) {
            name = name + " (+" + (t.files().size() - 1) + ")";
        }
        StringBuilder b = new StringBuilder().append('#').append(t.n()).append(' ').append(arrow).append(' ')
                .append(dev.parley.chat.Sanitizer.text(name)).append(' ');
        if (t.state().equals("active")) {
            long pct = t.total() == 0 ? 100 : t.bytes() * 100 / t.total();
            b.append(pct).append(" %");
            if (t.rate() > 0) {
                b.append(" \u00b7 ").append(String.format(Locale.ROOT, "%.1f MB/s", t.rate() / 1e6));
            }
            if (t.etaSeconds() != null) {
                long s = t.etaSeconds();
                b.append(" \u00b7 ").append(s / 60).append(':').append(String.format(Locale.ROOT, "%02d", s % 60))
                        .append(" left");
            }
        } else {
            b.append(t.state());
            if (t.reason() != null) {
                b.append(": ").append(dev.parley.chat.Sanitizer.text(t.reason()));
            }
            if (t.state().equals("offered") && t.incoming()) {
                b.append(" \u00b7 /accept ").append(t.n()).append(" [DIR] or /decline ").append(t.n());
            }
            if (t.savedTo() != null && t.state().equals("done")) {
                b.append(" \u00b7 ").append(dev.parley.chat.Sanitizer.text(t.savedTo()));
            }
        }
        return b.toString();
    }
}
