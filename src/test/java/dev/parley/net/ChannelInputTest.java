package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelInput} over a real loopback connection. */
class ChannelInputTest {
    private ServerSocketChannel server;
    private SocketChannel ours;
    private SocketChannel theirs;

    @BeforeEach
    void connect() throws Exception {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ours = SocketChannel.open(server.getLocalAddress());
        theirs = server.accept();
    }

    @AfterEach
    void close() throws Exception {
        ours.close();
        theirs.close();
        server.close();
    }

    @Test
    void whatTheHandshakeBufferedComesFirstThenTheChannel() throws Exception {
        theirs.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)));
        ChannelInput in = ChannelInput.takeOver(ours, new ByteArrayInputStream("hello ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("hello world", new String(in.readNBytes(11), StandardCharsets.US_ASCII));
    }

    @Test
    void aChannelInNonBlockingModeIsRefused() throws Exception {
        ours.configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> ChannelInput.takeOver(ours, new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void closingTheChannelEndsAReaderThatWaitsForever() throws Exception {
        ChannelInput in = ChannelInput.takeOver(ours, new ByteArrayInputStream(new byte[0]));
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                in.read();
                failure.complete(null);
            } catch (Exception e) {
                failure.complete(e);
            }
        });
        reader.start();
        awaitWaiting(reader);
        ours.close();
        Throwable t = failure.get(2, TimeUnit.SECONDS);
        assertTrue(t instanceof SocketException, "reader ended with " + t);
        assertEquals("Socket closed", t.getMessage());
    }

    /** Until the thread is inside the blocking read (a thread in a native wait shows as RUNNABLE). */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().contains("Dispatcher") && e.getMethodName().startsWith("read")) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the reader never waited in its read");
    }

    @Test
    void thePeerClosingIsTheEndOfTheStream() throws Exception {
        ChannelInput in = ChannelInput.takeOver(ours, new ByteArrayInputStream(new byte[] {7}));
        theirs.close();
        assertEquals(7, in.read());
        assertEquals(-1, in.read());
    }
}
