package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Payload;
import dev.parley.handshake.RecordCipher;
import dev.parley.wire.RecordType;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A writer whose hand-off to an I/O thread is refused (the pool at its cap for a moment) keeps a healthy
 * session open and writes what was queued on the next flush (reviewer item 5).
 */
class WriterHandOffRefusedTest {
    @Test
    void aRefusedHandOffKeepsTheSessionAndTheNextFlushWritesEverything() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel ours = SocketChannel.open(server.getLocalAddress());
                 SocketChannel theirs = server.accept()) {
                AtomicInteger handOffs = new AtomicInteger();
                Executor io = task -> {
                    if (handOffs.getAndIncrement() == 0) {
                        throw new RejectedExecutionException("the pool is full");
                    }
                    Thread t = new Thread(task, "writer-io");
                    t.setDaemon(true);
                    t.start();
                };
                byte[] hash = new byte[32];
                HandshakeResult result = new HandshakeResult(true, 1, new byte[32], new Payload(0, "peer",
                        Capabilities.instance(new byte[Capabilities.INSTANCE_LEN])), new byte[32], new byte[32], hash);
                RecordCipher cipher = new RecordCipher(result, 0, Clock.systemUTC(), new SecureRandom());
                // a budget of nothing: every write from a sender's thread is handed off
                SessionWriter writer = new SessionWriter(ours, cipher, io, Clock.systemUTC(), new SecureRandom(),
                        new InlineBudget(0, 0), new PingLedger(), 1 << 20, "test");
                assertTrue(writer.enqueue(RecordType.CHAT, new byte[100]));
                writer.flush();
                assertEquals(1, handOffs.get(), "handed off, and refused");
                assertTrue(ours.isOpen(), "a healthy session is not closed because the pool was full for a moment");
                assertTrue(writer.enqueue(RecordType.CHAT, new byte[100]));
                writer.flush();
                Socket s = theirs.socket();
                s.setSoTimeout((int) (TestPeer.DEADLINE_SECONDS * 1000));
                InputStream in = s.getInputStream();
                int read = 0;
                byte[] buf = new byte[4096];
                while (read < 200) { // both records' bodies at least, sealed: more bytes than that
                    int n = in.read(buf);
                    assertTrue(n > 0, "the stream ended");
                    read += n;
                }
                assertEquals(2, handOffs.get());
            }
        }
    }
}
