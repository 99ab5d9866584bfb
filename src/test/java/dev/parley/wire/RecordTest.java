package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.crypto.Bytes;
import org.junit.jupiter.api.Test;

class RecordTest {
    @Test
    void encodesTypeSequenceAndBody() {
        Record r = new Record(RecordType.CHAT, 258, new byte[] {(byte) 0xab});
        assertEquals("02 0000000000000102 ab".replace(" ", ""), Bytes.hex(r.encode()));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        Record r = new Record(RecordType.PING, Long.MAX_VALUE, "x".getBytes());
        assertEquals(r, Record.decode(r.encode()));
        assertArrayEquals(new byte[0], Record.decode(Bytes.unhex("060000000000000000")).body());
    }

    @Test
    void shortOrOversizedPlaintextIsMalformed() {
        assertThrows(MalformedRecordException.class, () -> Record.decode(Bytes.unhex("0600000000000000")));
        assertThrows(MalformedRecordException.class, () -> Record.decode(new byte[Limits.MAX_RECORD_PLAINTEXT + 1]));
        assertThrows(IllegalArgumentException.class,
                () -> new Record(RecordType.CHAT, 0, new byte[Limits.MAX_RECORD_BODY + 1]).encode());
    }
}
