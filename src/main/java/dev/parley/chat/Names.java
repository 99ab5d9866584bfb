package dev.parley.chat;

/** Nicknames as the engine shows them. Stateless. */
final class Names {
    private Names() {}

    /** Sanitised, cut to the protocol's limit; the short fingerprint when nothing visible is left. */
    static String display(String raw, String fingerprint) {
        String nick = Sanitizer.nickname(raw);
        while (ChatEngine.utf8Length(nick) > ChatRecord.MAX_NICK_BYTES) {
            nick = nick.substring(0, nick.offsetByCodePoints(nick.length(), -1));
        }
        if (nick.isBlank()) {
            int start = fingerprint.indexOf(':') + 1;
            return fingerprint.substring(start, Math.min(fingerprint.length(), start + 8));
        }
        return nick.strip();
    }
}
