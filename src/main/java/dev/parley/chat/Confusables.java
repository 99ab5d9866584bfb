package dev.parley.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;
import java.util.HashSet;
import java.util.Set;

/**
 * Look-alike text, by Unicode's own data: the UTS #39 confusable skeleton (ICU4J's {@link SpoofChecker},
 * the reference implementation, with the confusables table of the Unicode version ICU ships) and the
 * Default_Ignorable_Code_Point property (U+034F, variation selectors, zero-width characters, Hangul
 * fillers...), which terminals draw as nothing. Two strings with the same skeleton look the same to a
 * person: {@code аlice} (Cyrillic а) and {@code alice}, {@code paypa1} and {@code paypal}. Also the
 * characters that look like the marks Parley draws beside a nickname (✓ verified, ⊘ ignored, ...), so
 * that a nickname cannot carry one. Stateless and thread-safe (a built SpoofChecker is immutable).
 */
final class Confusables {
    /** What the UI and its README use as marks beside a peer: trust, state and message status. */
    private static final String MARKS = "✓✔✗✘✕✖☑☒√⊘⊗⦸○●◐◑◒◓◌◯⚪⚫⬤…🗸🗹✅❌❎⨯";

    private Confusables() {}

    /**
     * Built on first use: ICU loads its classes and its confusables and normalisation data then, 130-240 ms
     * on a busy 2-core machine, so the app does it on a background thread at start ({@link #warmUp}).
     */
    private static final class Holder {
        static final SpoofChecker SPOOF = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
        static final Set<String> MARK_SKELETONS = markSkeletons();
    }

    /** Loads ICU's classes and data now, so that the first nickname compared does not wait for them. */
    static void warmUp() {
        looksLikeMark('✓');
    }

    /**
     * The skeleton under which two strings count as the same to the eye: default-ignorable code points
     * removed (UTS #39 section 4, as of Unicode 15.1), then ICU's skeleton (NFD, each character mapped to
     * its prototype, NFD again).
     */
    static String skeleton(String s) {
        return Holder.SPOOF.getSkeleton(withoutIgnorables(s));
    }

    static boolean defaultIgnorable(int cp) {
        return UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    /** {@code s} without its default-ignorable code points. */
    static String withoutIgnorables(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp >= 0x80 && defaultIgnorable(cp)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (b != null) {
                b.append(s, i, i + n);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    /** A character that is, or looks like, one of the marks Parley draws beside a nickname. */
    static boolean looksLikeMark(int cp) {
        if (cp < 0x80) {
            return false;
        }
        if (MARKS.codePoints().anyMatch(m -> m == cp)) {
            return true;
        }
        return Holder.MARK_SKELETONS.contains(skeleton(new String(Character.toChars(cp))));
    }

    private static Set<String> markSkeletons() {
        Set<String> out = new HashSet<>();
        MARKS.codePoints().forEach(m -> out.add(Holder.SPOOF.getSkeleton(new String(Character.toChars(m)))));
        return out;
    }
}
