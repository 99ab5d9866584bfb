package dev.parley.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A session's input once the handshake is over: the bytes the handshake's buffered stream had already
 * read, then blocking reads straight from the socket channel: one {@code read} system call that sleeps
 * until data arrives, where waiting on a selector first cost a round trip about 3 us more in each
 * direction (docs/PERFORMANCE.md). There is no read timeout: a silent peer is found by the timer's
 * {@link KeepAlive} ({@link #waitingMillis}), which closes the channel, and a read waiting meanwhile then
 * fails with {@link SocketException} "Socket closed", as a blocking socket closed under its reader does.
 * Silence is counted in whole records, not bytes: the reader marks when it starts waiting for the next
 * record ({@link #awaitingRecord}) and when one has arrived ({@link #handlingRecord}), so a peer whose
 * bytes keep coming but never complete a record (a lost byte that misframes the stream, then PINGs and
 * PONGs swallowed into a bogus frame; or a drip) is found silent as surely as one that sends nothing.
 * Read on the session's reader thread only.
 */
final class ChannelInput extends InputStream {
    private final SocketChannel channel;
    private byte[] leftover;
    private int leftoverPos;
    /** {@link System#nanoTime} when the reader began waiting for its next record; 0 while it handles one. */
    private volatile long waitingSince;

    private ChannelInput(SocketChannel channel, byte[] leftover) {
        this.channel = channel;
        this.leftover = leftover.length == 0 ? null : leftover;
    }

    /**
     * Takes the channel over from the handshake: exactly the bytes {@code handshake} has read ahead and
     * not consumed, then the channel, which must be in blocking mode. Nothing is read from the socket
     * here, so nothing is lost however many bytes arrive meanwhile. No other thread may read from the
     * channel meanwhile.
     */
    static ChannelInput takeOver(SocketChannel channel, HandshakeInput handshake) {
        if (!channel.isBlocking()) {
            throw new IllegalArgumentException("a session reads its channel in blocking mode");
        }
        return new ChannelInput(channel, handshake.takeBuffered());
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
            int n = Math.min(len, leftover.length - leftoverPos);
            System.arraycopy(leftover, leftoverPos, b, off, n);
            leftoverPos += n;
            if (leftoverPos == leftover.length) {
                leftover = null;
            }
            return n;
        }
        try {
            return channel.read(ByteBuffer.wrap(b, off, len));
        } catch (ClosedChannelException e) { // AsynchronousCloseException too: closed under the reader
            throw new SocketException("Socket closed");
        }
    }

    /** The reader now waits for the peer's next record: the silence clock starts. Reader thread. */
    void awaitingRecord() {
        waitingSince = System.nanoTime();
    }

    /** A whole record has arrived and the reader handles it: the silence clock stops. Reader thread. */
    void handlingRecord() {
        waitingSince = 0;
    }

    /**
     * How long the reader has waited for the peer's next whole record, in ms, however many bytes of it
     * have come; 0 while the reader is not waiting (it is handling a record). Any thread.
     */
    long waitingMillis() {
        long since = waitingSince;
        return since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
