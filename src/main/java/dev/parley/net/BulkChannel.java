package dev.parley.net;

import dev.parley.crypto.Fernet;
import dev.parley.crypto.FernetOpener;
import dev.parley.crypto.FernetSealer;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.RecordCipher;
import dev.parley.wire.FileRecords;
import dev.parley.wire.FrameTooLargeException;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.SequenceException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * A bulk channel: a connection of its own for one file transfer, authenticated by its own handshake and
 * bound to the transfer by the purpose capability (docs/PROTOCOL.md section 16). Records keep
 * {@code type || seq || body} with their own sequence counters, but each frame body is the binary Fernet
 * token (the bytes before base64url), so a plaintext may be up to {@link FileRecords#MAX_BULK_PLAINTEXT}
 * bytes. TCP is its only pacing. Reads wait at most {@link #IDLE_TIMEOUT}: a silent peer ends it.
 *
 * <p>One thread sends and one thread receives (they may differ); each half is not thread-safe on its own.
 * {@link #close} may be called from any thread and makes a blocked read or write fail at once.
 */
public final class BulkChannel implements AutoCloseable {
    /** How long a read waits for the peer before the channel is given up as silent. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Where file data goes in {@link #dataBuffer()}: after the record header and the FILE_DATA header. */
    public static final int DATA_OFFSET = Limits.RECORD_HEADER + FileRecords.DATA_HEADER;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final HandshakeResult handshake;
    private final FernetSealer sealer;
    private final FernetOpener opener;
    private final Clock clock;
    private final SecureRandom random;
    private final byte[] plain = new byte[FileRecords.MAX_BULK_PLAINTEXT];
    private final byte[] frame = new byte[2 + FernetSealer.binaryLength(FileRecords.MAX_BULK_PLAINTEXT)];
    private final byte[] received = new byte[Limits.MAX_FRAME];
    private final byte[] opened = new byte[Limits.MAX_FRAME];
    private long sendSeq;
    private long receiveSeq;
    private volatile boolean closed;

    /** What {@link #receive} read: the type and the body, valid until the next call. */
    public record Received(byte type, byte[] buffer, int offset, int length) {
        public byte[] body() {
            return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        }
    }

    BulkChannel(Socket socket, InputStream in, HandshakeResult handshake, long clockOffset, Clock clock,
                SecureRandom random, long sendSeq) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
        this.sealer = new FernetSealer(handshake.sendKey());
        this.opener = new FernetOpener(handshake.receiveKey(),
                Clock.offset(clock, Duration.ofMillis(clockOffset)), RecordCipher.TIME_TO_LIVE, RecordCipher.MAX_SKEW);
        this.clock = clock;
        this.random = random;
        this.sendSeq = sendSeq;
    }

    public String peerFingerprint() {
        return handshake.peerFingerprint();
    }

    byte[] handshakeCapabilities() {
        return handshake.peerPayload().capabilities();
    }

    /** True when we dialled this channel. */
    public boolean initiator() {
        return handshake.initiator();
    }

    /**
     * The buffer {@link #sendData} sends from: put the file's bytes at {@link #DATA_OFFSET}, up to
     * {@link FileRecords#CHUNK} of them. Sending thread only.
     */
    public byte[] dataBuffer() {
        return plain;
    }

    /** FILE_DATA for {@code length} bytes already in {@link #dataBuffer()} at {@link #DATA_OFFSET}. Blocks while TCP does. */
    public void sendData(int index, long offset, int length) throws IOException {
        if (length <= 0 || length > FileRecords.CHUNK) {
            throw new IllegalArgumentException("a chunk of " + length + " bytes");
        }
        int p = Limits.RECORD_HEADER;
        putInt(plain, p, index);
        putLong(plain, p + 4, offset);
        writeRecord(dev.parley.wire.RecordType.FILE_DATA, Limits.RECORD_HEADER + FileRecords.DATA_HEADER + length);
    }

    /** Any other record (FILE_END, FILE_ACK, PING, BYE). Blocks while TCP does. */
    public void send(byte type, byte[] body) throws IOException {
        if (Limits.RECORD_HEADER + body.length > plain.length) {
            throw new IllegalArgumentException("bulk record body of " + body.length + " bytes");
        }
        System.arraycopy(body, 0, plain, Limits.RECORD_HEADER, body.length);
        writeRecord(type, Limits.RECORD_HEADER + body.length);
    }

    private void writeRecord(byte type, int plainLength) throws IOException {
        plain[0] = type;
        putLong(plain, 1, sendSeq++);
        int n = sealer.sealBinary(plain, 0, plainLength, clock.instant(), random, frame, 2);
        frame[0] = (byte) (n >>> 8);
        frame[1] = (byte) n;
        out.write(frame, 0, n + 2);
    }

    /** Says goodbye (BYE) and stops sending; the peer closes. */
    public void bye() throws IOException {
        send(dev.parley.wire.RecordType.BYE, new byte[0]);
        socket.shutdownOutput();
    }

    /**
     * The next record. Ends with {@link EOFException} when the peer closed, {@link java.net.SocketTimeoutException}
     * after {@link #IDLE_TIMEOUT} of silence, {@link dev.parley.wire.ProtocolException} for a frame that is too
     * long, does not open or is out of sequence. Receiving thread only.
     */
    public Received receive() throws IOException {
        int hi = in.read();
        if (hi < 0) {
            throw new EOFException("bulk channel closed");
        }
        int lo = in.read();
        if (lo < 0) {
            throw new MalformedRecordException("stream ended inside a length prefix");
        }
        int length = (hi << 8) | lo;
        if (length == 0) {
            throw new MalformedRecordException("empty frame");
        }
        if (length > Limits.MAX_FRAME) {
            throw new FrameTooLargeException(length, Limits.MAX_FRAME);
        }
        int off = 0;
        while (off < length) {
            int r = in.read(received, off, length - off);
            if (r < 0) {
                throw new MalformedRecordException("stream ended inside a frame");
            }
            off += r;
        }
        int n;
        try {
            n = opener.openBinary(received, 0, length, opened);
        } catch (Fernet.InvalidTokenException e) {
            throw new MalformedRecordException("bulk record does not open");
        }
        if (n < Limits.RECORD_HEADER || n > FileRecords.MAX_BULK_PLAINTEXT) {
            throw new MalformedRecordException("bulk record of " + n + " bytes");
        }
        long seq = getLong(opened, 1);
        if (seq != receiveSeq) {
            throw new SequenceException(receiveSeq, seq);
        }
        receiveSeq++;
        return new Received(opened[0], opened, Limits.RECORD_HEADER, n - Limits.RECORD_HEADER);
    }

    /** Closes at once; a read or write under way on another thread fails. Any thread. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    public boolean isClosed() {
        return closed || socket.isClosed();
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) {
            b[at + k] = (byte) (v >>> (56 - 8 * k));
        }
    }

    public static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    public static long getLong(byte[] b, int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[at + k] & 0xff);
        }
        return v;
    }

    @Override
    public String toString() {
        return "bulk channel " + (initiator() ? "to " : "from ") + peerFingerprint();
    }
}
