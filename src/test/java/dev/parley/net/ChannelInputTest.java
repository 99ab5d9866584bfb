package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        ChannelInput in = ChannelInput.takeOver(ours, HandshakeInput.holding("hello ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("hello world", new String(in.readNBytes(11), StandardCharsets.US_ASCII));
    }

    /**
     * Issue 13 item 3: what the handshake's buffer read ahead is handed over exactly, whatever the socket's
     * {@code available()} said. {@code available()} is only an estimate (bytes keep arriving while the
     * hand-over reads), and the hand-over once read that many through the buffer, whose refill then read
     * more and dropped the surplus. Here the source under-reports, as a moving target does.
     */
    @Test
    void nothingTheHandshakeReadAheadIsLostAtTheHandOver() throws Exception {
        byte[] all = new byte[40_000];
        new java.util.Random(7).nextBytes(all);
        theirs.write(ByteBuffer.wrap(all));
        theirs.shutdownOutput(); // a loss shows as a short read, not a wait
        java.io.InputStream stingy = new java.io.FilterInputStream(ours.socket().getInputStream()) {
            @Override public int available() {
                return 1; // an estimate, as the contract allows
            }
        };
        HandshakeInput handshake = new HandshakeInput(stingy, 16 * 1024);
        byte[] first = handshake.readNBytes(100);
        ChannelInput in = ChannelInput.takeOver(ours, handshake);
        byte[] rest = in.readNBytes(all.length - 100);
        assertEquals(all.length - 100, rest.length, "bytes lost at the hand-over");
        org.junit.jupiter.api.Assertions.assertArrayEquals(all, concat(first, rest));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void aChannelInNonBlockingModeIsRefused() throws Exception {
        ours.configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> ChannelInput.takeOver(ours, HandshakeInput.holding(new byte[0])));
    }

    @Test
    void closingTheChannelEndsAReaderThatWaitsForever() throws Exception {
        ChannelInput in = ChannelInput.takeOver(ours, HandshakeInput.holding(new byte[0]));
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
        ChannelInput in = ChannelInput.takeOver(ours, HandshakeInput.holding(new byte[] {7}));
        theirs.close();
        assertEquals(7, in.read());
        assertEquals(-1, in.read());
    }
}
