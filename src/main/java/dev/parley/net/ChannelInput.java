package dev.parley.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A session's input once the handshake is over: its socket channel is switched to non-blocking mode
 * (so that writers can try a write without ever blocking, see {@link LiveSession}), and this stream
 * gives the reader thread blocking reads again by waiting on a selector of its own, each wait bounded
 * by the idle timeout (as {@code SO_TIMEOUT} bounded the blocking socket's reads). Bytes the
 * handshake's buffered stream had already read come first. Read on the session's reader thread only;
 * {@link #wakeup} from any thread.
 */
final class ChannelInput extends InputStream {
    private final SocketChannel channel;
    private final Selector selector;
    private byte[] leftover;
    private int leftoverPos;
    private long idleNanos;
    /** The last read returned less than asked: the socket had nothing more at that moment. */
    private boolean drained;

    private ChannelInput(SocketChannel channel, Selector selector, byte[] leftover) {
        this.channel = channel;
        this.selector = selector;
        this.leftover = leftover.length == 0 ? null : leftover;
    }

    /**
     * Takes the channel over from the handshake: whatever {@code buffered} holds already (and the kernel
     * has received), then the channel, now non-blocking. No other thread may use the channel meanwhile.
     */
    static ChannelInput takeOver(SocketChannel channel, InputStream buffered) throws IOException {
        byte[] left = buffered.readNBytes(buffered.available());
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        return new ChannelInput(channel, selector, left);
    }

    /** Each read may wait this long at most for data (0: forever). */
    void idleTimeout(int millis) {
        idleNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (leftover != null) {
            return readLeftover(b, off, len);
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        long deadline = idleNanos == 0 ? Long.MAX_VALUE : System.nanoTime() + idleNanos;
        if (drained) {
            await(deadline); // the last read emptied the socket: a read now would most likely find nothing
        }
        while (true) {
            int n = readChannel(buf);
            if (n != 0) {
                drained = n > 0 && buf.hasRemaining();
                return n;
            }
            await(deadline);
        }
    }

    private int readLeftover(byte[] b, int off, int len) {
        int n = Math.min(len, leftover.length - leftoverPos);
        System.arraycopy(leftover, leftoverPos, b, off, n);
        leftoverPos += n;
        if (leftoverPos == leftover.length) {
            leftover = null;
        }
        return n;
    }

    private int readChannel(ByteBuffer buf) throws IOException {
        try {
            return channel.read(buf);
        } catch (ClosedChannelException e) {
            throw new SocketException("Socket closed"); // as a blocking socket closed under its reader says
        }
    }

    private void await(long deadline) throws IOException {
        long timeout = 0; // forever
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            timeout = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
        }
        selector.select(key -> { }, timeout); // the next read finds out what is there
        if (!channel.isOpen()) {
            throw new SocketException("Socket closed");
        }
    }

    /** Lets a reader waiting for data see that the channel was closed. Any thread, any time. */
    void wakeup() {
        selector.wakeup(); // a no-op once the selector is closed
    }

    /** Releases the selector (not the channel). Reader thread, when it is done. */
    @Override
    public void close() throws IOException {
        selector.close();
    }
}
