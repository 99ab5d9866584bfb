package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.RecordType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3, end to end: a scripted responder completes a real handshake and streams records right
 * behind READY, each its own small write, so that bytes keep arriving while our side takes the
 * connection over from the handshake: every record arrives, in order, and the session stays up.
 * ({@code ChannelInputTest.nothingTheHandshakeReadAheadIsLostAtTheHandOver} pins the cause down
 * deterministically; this shows the whole path.)
 */
class HandOverBytesTest {
    private static final int RECORDS = 4000;
    private static final int ROUNDS = 3;

    @Test
    void recordsStreamedRightBehindReadyAllArrive() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (TestPeer us = new TestPeer("us");
                 ScriptedResponder peer = new ScriptedResponder((cipher, in, out) -> {
                     for (int i = 0; i < RECORDS; i++) {
                         out.write(FrameWriter.encode(cipher.seal(RecordType.TYPING, new byte[] {(byte) (i % 2 == 0 ? 1 : 0)})));
                     }
                     out.flush();
                     in.readAllBytes(); // until our side hangs up
                 })) {
                us.network.dial(peer.address());
                us.await("up");
                for (int i = 0; i < RECORDS; i++) {
                    ChatRecord r = us.records.poll(10, TimeUnit.SECONDS);
                    int n = i;
                    assertTrue(r != null, () -> "record " + n + " of " + RECORDS + " never arrived; events " + us.events);
                    assertEquals(new ChatRecord.Typing(i % 2 == 0), r, "record " + i);
                }
                assertNull(us.awaitWithin("down", 200), "the session stays up");
            }
        }
    }
}
