package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Allocations;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input to the frame reader and the record codec: arbitrary bytes only ever give frames or
 * records within the limits, or the documented exceptions ({@link EOFException} at a clean end,
 * {@link ProtocolException} otherwise), and a length prefix never makes the reader allocate more than
 * the limit it was given.
 */
class WireProperties {
    /** Slack for the measuring itself and small objects (exceptions with their stack traces). */
    private static final long OVERHEAD = 256 * 1024;
    /** What a refusal may cost beyond throwing its exception. */
    private static final long SMALL = 4 * 1024;

    @Property
    void arbitraryStreamsGiveBoundedFramesOrDocumentedErrors(@ForAll @Size(max = 3000) byte[] stream,
                                                             @ForAll @IntRange(min = 1, max = Limits.MAX_FRAME) int max) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
        int consumed = 0;
        while (true) {
            try {
                byte[] frame = reader.read(max);
                assertTrue(frame.length >= 1 && frame.length <= max);
                consumed += 2 + frame.length;
                assertTrue(consumed <= stream.length);
            } catch (EOFException e) {
                assertEquals(stream.length, consumed, "a clean end comes only between frames");
                return;
            } catch (ProtocolException e) {
                return; // truncated, empty or oversized: the connection ends here
            } catch (IOException e) {
                throw new AssertionError("undocumented " + e, e);
            }
        }
    }

    @Property
    void anOversizedLengthIsRefusedBeforeItsBodyIsReadOrAllocated(
            @ForAll @IntRange(min = 0, max = Limits.MAX_HANDSHAKE_FRAME) int max,
            @ForAll @IntRange(min = 1, max = 0xffff) int claimed) {
        Assume.that(claimed > max);
        CountingStream in = new CountingStream(new byte[] {(byte) (claimed >>> 8), (byte) claimed});
        FrameReader reader = new FrameReader(in);
        long baseline = Allocations.of(() -> assertThrows(FrameTooLargeException.class, () -> {
            throw new FrameTooLargeException(claimed, max);
        }));
        long allocated = Allocations.of(() -> assertThrows(FrameTooLargeException.class, () -> reader.read(max)));
        assertEquals(2, in.read, "only the length prefix is read");
        assertTrue(allocated - baseline < SMALL, () -> "allocated " + allocated + " bytes for a refused frame, "
                + baseline + " to throw");
    }

    @Property(tries = 200)
    void aFrameAllocatesItsBodyOnlyUpToTheLimit(@ForAll @IntRange(min = 1, max = Limits.MAX_FRAME) int length) {
        byte[] stream = new byte[2 + length];
        stream[0] = (byte) (length >>> 8);
        stream[1] = (byte) length;
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
        long allocated = Allocations.of(() -> reader.read(Limits.MAX_FRAME));
        assertTrue(allocated <= length + OVERHEAD, () -> "allocated " + allocated + " for a frame of " + length);
    }

    @Property
    void framesRoundTrip(@ForAll("frames") List<byte[]> bodies) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.write(FrameWriter.encode(b));
        }
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()));
        for (byte[] b : bodies) {
            assertArrayEquals(b, r.read(Limits.MAX_FRAME));
        }
        assertThrows(EOFException.class, () -> r.read(Limits.MAX_FRAME));
    }

    @Provide
    Arbitrary<List<byte[]>> frames() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600).list().ofMaxSize(8);
    }

    @Property
    void arbitraryPlaintextsDecodeWithinLimitsOrAreMalformed(@ForAll @Size(max = 200) byte[] plaintext) {
        try {
            Record r = Record.decode(plaintext);
            assertEquals(plaintext.length - Limits.RECORD_HEADER, r.body().length);
            assertArrayEquals(plaintext, r.encode());
        } catch (MalformedRecordException e) {
            assertTrue(plaintext.length < Limits.RECORD_HEADER);
        }
    }

    @Property(tries = 50)
    void anOversizedPlaintextIsMalformedAndCostsNoCopy(
            @ForAll @IntRange(min = Limits.MAX_RECORD_PLAINTEXT + 1, max = Limits.MAX_RECORD_PLAINTEXT + 40_000) int size) {
        byte[] plaintext = new byte[size];
        long baseline = Allocations.of(() -> assertThrows(MalformedRecordException.class, () -> {
            throw new MalformedRecordException("record of " + size + " bytes exceeds the limit");
        }));
        long allocated = Allocations.of(() -> assertThrows(MalformedRecordException.class, () -> Record.decode(plaintext)));
        assertTrue(allocated - baseline < SMALL, () -> "allocated " + allocated + ", " + baseline + " to throw");
    }

    @Property
    void recordsRoundTrip(@ForAll byte type, @ForAll long seq, @ForAll @Size(max = 2000) byte[] body)
            throws MalformedRecordException {
        Record r = new Record(type, seq, body);
        assertEquals(r, Record.decode(r.encode()));
    }

    @Property(tries = 20)
    void aBodyOverTheLimitIsNeverEncoded(@ForAll @IntRange(min = 1, max = 5000) int over) {
        Record r = new Record(RecordType.CHAT, 0, new byte[Limits.MAX_RECORD_BODY + over]);
        assertThrows(IllegalArgumentException.class, r::encode);
    }

    @Property(tries = 100)
    void mutatedStreamsOfValidFramesStillOnlyFailAsDocumented(@ForAll("frames") List<byte[]> bodies,
                                                              @ForAll @IntRange(min = 0, max = 10_000) int at,
                                                              @ForAll byte value,
                                                              @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        bodies.forEach(b -> out.writeBytes(FrameWriter.encode(b)));
        byte[] stream = out.toByteArray();
        if (stream.length > 0) {
            stream[at % stream.length] = value;
            stream = java.util.Arrays.copyOf(stream, cut % (stream.length + 1));
        }
        arbitraryStreamsGiveBoundedFramesOrDocumentedErrors(stream, Limits.MAX_FRAME);
    }

    /** Counts what was read, to show how far the reader went. */
    private static final class CountingStream extends InputStream {
        private final byte[] data;
        int read;

        CountingStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return read < data.length ? data[read++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - read);
            System.arraycopy(data, read, b, off, n);
            read += n;
            return n;
        }
    }
}
