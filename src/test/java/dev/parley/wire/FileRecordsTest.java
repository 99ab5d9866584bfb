package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Fernet;
import dev.parley.crypto.FernetOpener;
import dev.parley.crypto.FernetSealer;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FILE_* bodies round-trip, malformed ones are refused, and binary tokens fit the bulk bound. */
class FileRecordsTest {
    private static final byte[] ID = new byte[16];

    static {
        Arrays.fill(ID, (byte) 7);
    }

    @Test
    void offerRoundTrips() throws Exception {
        FileRecords.Offer o = new FileRecords.Offer(ID, 5, (byte) 0, List.of(
                new FileRecords.Entry("dir", FileRecords.KIND_DIRECTORY, 0, 1),
                new FileRecords.Entry("dir/a.txt", FileRecords.KIND_FILE, 5, 2),
                new FileRecords.Entry("dir/\u00e9", FileRecords.KIND_FILE, 0, 3)));
        FileRecords.Offer back = FileRecords.Offer.decode(o.encode());
        assertArrayEquals(ID, back.id());
        assertEquals(o.entries(), back.entries());
        assertEquals(5, back.total());
    }

    @Test
    void malformedOffersAreRefused() {
        byte[] good = new FileRecords.Offer(ID, 5, (byte) 0,
                List.of(new FileRecords.Entry("a", FileRecords.KIND_FILE, 5, 0))).encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(truncated));
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(longer));
        byte[] wrongTotal = good.clone();
        wrongTotal[16 + 4 + 7] = 6; // total 6, sizes 5
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(wrongTotal));
        byte[] flags = good.clone();
        flags[16 + 12] = 1;
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(flags));
        byte[] kind = good.clone();
        kind[16 + 13 + 2 + 1] = 2;
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(kind));
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(16, FileRecords.MAX_ENTRIES + 1);
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(count));
        byte[] badUtf8 = new FileRecords.Offer(ID, 0, (byte) 0,
                List.of(new FileRecords.Entry("a", FileRecords.KIND_FILE, 0, 0))).encode();
        badUtf8[16 + 13 + 2] = (byte) 0xff;
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(badUtf8));
        byte[] dirWithSize = new FileRecords.Offer(ID, 1, (byte) 0,
                List.of(new FileRecords.Entry("a", FileRecords.KIND_DIRECTORY, 1, 0))).encode();
        assertThrows(MalformedRecordException.class, () -> FileRecords.Offer.decode(dirWithSize));
    }

    @Test
    void answersRoundTripAndCheckLengths() throws Exception {
        FileRecords.Accept fresh = FileRecords.Accept.decode(new FileRecords.Accept(ID, 0, 0).encode());
        assertEquals(17, new FileRecords.Accept(ID, 0, 0).encode().length);
        assertEquals(0, fresh.offset());
        FileRecords.Accept resume = FileRecords.Accept.decode(new FileRecords.Accept(ID, 3, 1L << 40).encode());
        assertEquals(3, resume.index());
        assertEquals(1L << 40, resume.offset());
        FileRecords.Refusal r = FileRecords.Refusal.decode(new FileRecords.Refusal(ID, FileRecords.NO_SPACE).encode());
        assertEquals("no-space", FileRecords.reasonName(r.reason()));
        byte[] sha = new byte[32];
        sha[31] = 1;
        FileRecords.Result res = FileRecords.Result.decode(new FileRecords.Result(ID, 2, FileRecords.OK, sha).encode());
        assertArrayEquals(sha, res.sha256());
        assertEquals(2, res.index());
        FileRecords.End end = FileRecords.End.decode(new FileRecords.End(4, sha).encode());
        assertEquals(4, end.index());
        FileRecords.Ack ack = FileRecords.Ack.decode(new FileRecords.Ack(1, 99).encode());
        assertEquals(99, ack.written());
        assertThrows(MalformedRecordException.class, () -> FileRecords.Accept.decode(new byte[18]));
        assertThrows(MalformedRecordException.class, () -> FileRecords.Refusal.decode(new byte[16]));
        assertThrows(MalformedRecordException.class, () -> FileRecords.Result.decode(new byte[52]));
        assertThrows(MalformedRecordException.class, () -> FileRecords.End.decode(new byte[35]));
        assertThrows(MalformedRecordException.class, () -> FileRecords.Ack.decode(new byte[13]));
        assertThrows(MalformedRecordException.class, () -> FileRecords.checkData(FileRecords.DATA_HEADER));
        assertThrows(MalformedRecordException.class,
                () -> FileRecords.checkData(FileRecords.DATA_HEADER + FileRecords.CHUNK + 1));
        FileRecords.checkData(FileRecords.DATA_HEADER + FileRecords.CHUNK);
    }

    /** 65,471 bytes of plaintext is the most whose binary token fits a u16 frame; a full chunk fits under it. */
    @Test
    void bulkBoundIsTheLargestThatFitsAFrame() throws Exception {
        assertTrue(FernetSealer.binaryLength(FileRecords.MAX_BULK_PLAINTEXT) <= Limits.MAX_FRAME);
        assertTrue(FernetSealer.binaryLength(FileRecords.MAX_BULK_PLAINTEXT + 1) > Limits.MAX_FRAME);
        assertTrue(Limits.RECORD_HEADER + FileRecords.DATA_HEADER + FileRecords.CHUNK <= FileRecords.MAX_BULK_PLAINTEXT);
    }

    /** A binary token is an ordinary Fernet token before base64url: fernet-java8 opens it, and ours opens it back. */
    @Test
    void binaryTokensAreFernetTokens() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] plain = new byte[FileRecords.MAX_BULK_PLAINTEXT];
        new SecureRandom().nextBytes(plain);
        byte[] out = new byte[Limits.MAX_FRAME];
        int n = new FernetSealer(key).sealBinary(plain, 0, plain.length, Instant.now(), new SecureRandom(), out, 0);
        assertEquals(FernetSealer.binaryLength(plain.length), n);
        byte[] token = Base64.getUrlEncoder().encode(Arrays.copyOf(out, n));
        FernetOpener opener = new FernetOpener(key, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertArrayEquals(plain, opener.open(token));
        byte[] into = new byte[Limits.MAX_FRAME];
        int m = opener.openBinary(out, 0, n, into);
        assertArrayEquals(plain, Arrays.copyOf(into, m));
        out[n - 1] ^= 1;
        assertThrows(Fernet.InvalidTokenException.class, () -> opener.openBinary(out, 0, n, into));
    }
}
