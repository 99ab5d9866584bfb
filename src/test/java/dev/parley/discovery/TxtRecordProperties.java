package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Allocations;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile TXT records: arbitrary bytes, records built from hostile strings (escape sequences, binary,
 * huge values) and mutations of a valid record parse into a record whose every field is bounded and
 * safe to show, or fail with {@link InvalidTxtException}; nothing else escapes.
 */
class TxtRecordProperties {
    private static final String FP = "SHA256:" + "A".repeat(43);

    @Property(tries = 2000)
    void arbitraryBytesParseSafelyOrAreInvalid(@ForAll @Size(max = 1500) byte[] txt) {
        check(txt);
    }

    @Property(tries = 2000)
    void hostileEntriesParseSafelyOrAreInvalid(@ForAll("entries") List<String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String e : entries) {
            byte[] b = e.getBytes(StandardCharsets.UTF_8);
            int len = Math.min(255, b.length);
            out.write(len);
            out.write(b, 0, len);
        }
        check(out.toByteArray());
    }

    @Property(tries = 1000)
    void mutationsOfAValidRecordParseSafelyOrAreInvalid(@ForAll @IntRange(min = 0, max = 200) int at,
                                                        @ForAll byte value) {
        byte[] txt = TxtRecord.encode(Advertisement.v1("alice", FP, 7447, false));
        txt[at % txt.length] = value;
        check(txt);
    }

    @Property(tries = 20)
    void anOversizedRecordIsRefusedUnread(@ForAll @IntRange(min = TxtRecord.MAX_BYTES + 1, max = 70_000) int size) {
        byte[] txt = new byte[size];
        long baseline = Allocations.of(() -> assertThrows(InvalidTxtException.class, () -> {
            throw new InvalidTxtException("TXT missing or larger than " + TxtRecord.MAX_BYTES + " bytes");
        }));
        long allocated = Allocations.of(() -> assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt)));
        assertTrue(allocated - baseline < 4 * 1024, () -> "allocated " + allocated + ", " + baseline + " to throw");
    }

    @Provide
    Arbitrary<List<String>> entries() {
        Arbitrary<String> hostileValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("\u001b[]0123456789;m\u0007\u009b\u202e\u0000\r\n=").ofMaxLength(80),
                Arbitraries.just(FP),
                Arbitraries.strings().numeric().ofMaxLength(4));
        Arbitrary<String> key = Arbitraries.of("v", "vmin", "vmax", "nick", "fp", "nk", "NICK", "Fp", "", "x");
        return net.jqwik.api.Combinators.combine(key, hostileValue).as((k, v) -> k + "=" + v)
                .list().ofMaxSize(40);
    }

    private static void check(byte[] txt) {
        TxtRecord r;
        try {
            r = TxtRecord.parse(txt);
        } catch (InvalidTxtException expected) {
            return;
        }
        assertTrue(FingerprintFormat.isWellFormed(r.fingerprint()));
        assertTrue(r.nickname().getBytes(StandardCharsets.UTF_8).length <= dev.parley.chat.ChatRecord.MAX_NICK_BYTES);
        assertTrue(!r.nickname().isEmpty());
        assertTrue(r.nickname().codePoints().noneMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT), () -> "unsafe nickname " + r.nickname());
        assertTrue(r.minVersion() >= 1 && r.minVersion() <= r.maxVersion() && r.maxVersion() <= TxtRecord.MAX_VERSION);
        assertEquals(r, safeReparse(r));
    }

    /** What we parse, announced again, parses to the same record. */
    private static TxtRecord safeReparse(TxtRecord r) {
        try {
            return TxtRecord.parse(TxtRecord.encode(new Advertisement(r.nickname(), r.fingerprint(), 1,
                    r.minVersion(), r.maxVersion(), r.networkKeyRequired())));
        } catch (InvalidTxtException e) {
            throw new AssertionError("our own encoding of a parsed record does not parse", e);
        }
    }
}
