package dev.parley.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The TXT record of a Parley announcement (RFC 6763 section 6): {@code v} (or {@code vmin}/{@code vmax}),
 * {@code nick}, {@code fp}, {@code nk}. Parsing treats the bytes as hostile: bounded sizes, the first of
 * repeated keys wins, a fingerprint must be well-formed, nicknames are sanitised. Immutable.
 */
record TxtRecord(String fingerprint, String nickname, int minVersion, int maxVersion, boolean networkKeyRequired) {
    /** A TXT record larger than this is rejected unread; ours is about 100 bytes. */
    static final int MAX_BYTES = 1300;
    static final int MAX_ENTRIES = 32;
    static final int MAX_VERSION = 255;

    static byte[] encode(Advertisement ad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (ad.minVersion() == ad.maxVersion()) {
            put(out, "v", Integer.toString(ad.minVersion()));
        } else {
            put(out, "vmin", Integer.toString(ad.minVersion()));
            put(out, "vmax", Integer.toString(ad.maxVersion()));
        }
        put(out, "nick", nickname(ad.nickname()));
        put(out, "fp", ad.fingerprint());
        put(out, "nk", ad.networkKeyRequired() ? "1" : "0");
        return out.toByteArray();
    }

    static TxtRecord parse(byte[] txt) throws InvalidTxtException {
        Map<String, byte[]> entries = entries(txt);
        String fp = ascii(entries.get("fp"));
        if (fp == null || !FingerprintFormat.isWellFormed(fp)) {
            throw new InvalidTxtException("missing or malformed fp");
        }
        int[] versions = versions(entries);
        return new TxtRecord(fp, nickname(entries.get("nick")), versions[0], versions[1], networkKey(entries.get("nk")));
    }

    private static void put(ByteArrayOutputStream out, String key, String value) {
        byte[] entry = (key + "=" + value).getBytes(StandardCharsets.UTF_8);
        out.write(entry.length);
        out.write(entry, 0, entry.length);
    }

    /** Splits the length-prefixed strings into key/value pairs; keys are case-insensitive, first one wins. */
    private static Map<String, byte[]> entries(byte[] txt) throws InvalidTxtException {
        if (txt == null || txt.length > MAX_BYTES) {
            throw new InvalidTxtException("TXT missing or larger than " + MAX_BYTES + " bytes");
        }
        Map<String, byte[]> entries = new HashMap<>();
        int count = 0;
        for (int i = 0; i < txt.length; ) {
            int len = txt[i] & 0xff;
            if (i + 1 + len > txt.length) {
                throw new InvalidTxtException("TXT string overruns the record");
            }
            if (len > 0 && ++count > MAX_ENTRIES) {
                throw new InvalidTxtException("more than " + MAX_ENTRIES + " TXT strings");
            }
            addEntry(entries, txt, i + 1, len);
            i += 1 + len;
        }
        return entries;
    }

    private static void addEntry(Map<String, byte[]> entries, byte[] txt, int from, int len) {
        int eq = from;
        while (eq < from + len && txt[eq] != '=') {
            eq++;
        }
        if (eq == from || eq == from + len) {
            return; // empty key, or a boolean attribute: none of ours
        }
        String key = ascii(Arrays.copyOfRange(txt, from, eq));
        if (key != null) {
            entries.putIfAbsent(key.toLowerCase(Locale.ROOT), Arrays.copyOfRange(txt, eq + 1, from + len));
        }
    }

    private static int[] versions(Map<String, byte[]> entries) throws InvalidTxtException {
        if (entries.containsKey("vmin") || entries.containsKey("vmax")) {
            int min = version(entries.get("vmin"));
            int max = version(entries.get("vmax"));
            if (min > max) {
                throw new InvalidTxtException("vmin above vmax");
            }
            return new int[] {min, max};
        }
        int v = version(entries.get("v"));
        return new int[] {v, v};
    }

    private static int version(byte[] value) throws InvalidTxtException {
        String s = ascii(value);
        if (s == null || !s.matches("[0-9]{1,3}")) {
            throw new InvalidTxtException("missing or malformed version");
        }
        int v = Integer.parseInt(s);
        if (v < 1 || v > MAX_VERSION) {
            throw new InvalidTxtException("version out of range");
        }
        return v;
    }

    private static boolean networkKey(byte[] value) throws InvalidTxtException {
        String s = value == null ? "0" : ascii(value);
        if ("1".equals(s)) {
            return true;
        }
        if ("0".equals(s)) {
            return false;
        }
        throw new InvalidTxtException("nk is neither 0 nor 1");
    }

    /** Decodes UTF-8 (malformed bytes become U+FFFD) and sanitises; never empty. */
    private static String nickname(byte[] value) {
        String nick = value == null ? "" : nickname(new String(value, StandardCharsets.UTF_8));
        return nick.isEmpty() ? "unnamed" : nick;
    }

    /** Printable ASCII only, else null. */
    private static String ascii(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            String s = StandardCharsets.US_ASCII.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * A nickname from the network (hostile input), sanitised as the chat engine does everywhere (no escape
     * sequences, control or bidi characters, one line) and cut to 64 bytes of UTF-8 on a code point.
     */
    static String nickname(String raw) {
        return dev.parley.chat.Sanitizer.truncateUtf8(dev.parley.chat.Sanitizer.nickname(raw),
                dev.parley.chat.ChatRecord.MAX_NICK_BYTES);
    }
}
