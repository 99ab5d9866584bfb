package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.crypto.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static FrameReader reader(String hex) {
        return new FrameReader(new ByteArrayInputStream(Bytes.unhex(hex)));
    }

    @Test
    void readsFramesBackToBack() throws Exception {
        FrameReader r = reader("0003 616263 0001 7a");
        assertArrayEquals("abc".getBytes(), r.read(10));
        assertArrayEquals("z".getBytes(), r.read(10));
        assertThrows(EOFException.class, () -> r.read(10));
    }

    @Test
    void writerAndReaderAgree() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[Limits.MAX_FRAME];
        big[7] = 42;
        out.write(FrameWriter.encode(big));
        out.write(FrameWriter.encode(new byte[] {1}));
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()));
        assertArrayEquals(big, r.read(Limits.MAX_FRAME));
        assertArrayEquals(new byte[] {1}, r.read(1));
    }

    @Test
    void lengthOverTheLimitFailsBeforeReadingTheBody() {
        // The stream holds only the prefix: had the reader allocated and read, it would report truncation.
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> reader("0401").read(1024));
        assertEquals("frame of 1025 bytes exceeds the limit of 1024", e.getMessage());
        assertThrows(FrameTooLargeException.class, () -> reader("ffff").read(Limits.MAX_FRAME - 1));
    }

    @Test
    void exactlyTheLimitIsAllowed() throws Exception {
        byte[] frame = new byte[2 + 1024];
        frame[0] = 4;
        assertEquals(1024, new FrameReader(new ByteArrayInputStream(frame)).read(1024).length);
    }

    @Test
    void truncatedAndEmptyFramesAreMalformed() {
        assertEquals("stream ended inside a length prefix",
                assertThrows(MalformedRecordException.class, () -> reader("00").read(10)).getMessage());
        assertEquals("stream ended inside a frame",
                assertThrows(MalformedRecordException.class, () -> reader("0005 6162").read(10)).getMessage());
        assertEquals("empty frame",
                assertThrows(MalformedRecordException.class, () -> reader("0000").read(10)).getMessage());
    }

    @Test
    void readsBodiesThatArriveInPieces() throws Exception {
        InputStream drip = new InputStream() {
            final byte[] data = Bytes.unhex("0004 01020304");
            int pos;
            @Override public int read() { return pos < data.length ? data[pos++] & 0xff : -1; }
            @Override public int read(byte[] b, int off, int len) {
                if (pos >= data.length) return -1;
                b[off] = data[pos++];
                return 1;
            }
        };
        assertArrayEquals(new byte[] {1, 2, 3, 4}, new FrameReader(drip).read(10));
    }
}
