package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A session that records what the engine sends, optionally forwarding each record to a sink (a
 * {@link PipedPair}'s wire); can be told to refuse records, as a closed session or a full queue does.
 * Thread-safe.
 */
final class FakeSession implements Session {
    private final String fingerprint;
    private final byte[] publicKey;
    private final String nickname;
    private final InetSocketAddress remote;
    private final boolean outbound;
    private final long clockOffset;
    private final List<ChatRecord> sent = new ArrayList<>();
    private Consumer<ChatRecord> sink = r -> {};
    private boolean refusing;
    private boolean closed;
    private Runnable onFlush = () -> {};
    private int flushes;

    FakeSession(TestPeer peer, InetSocketAddress remote, boolean outbound, long clockOffset) {
        this(peer.fingerprint(), peer.publicKey(), peer.nickname(), remote, outbound, clockOffset);
    }

    FakeSession(String fingerprint, byte[] publicKey, String nickname, InetSocketAddress remote,
                boolean outbound, long clockOffset) {
        this.fingerprint = fingerprint;
        this.publicKey = publicKey.clone();
        this.nickname = nickname;
        this.remote = remote;
        this.outbound = outbound;
        this.clockOffset = clockOffset;
    }

    static FakeSession of(TestPeer peer) {
        return new FakeSession(peer, new InetSocketAddress("127.0.0.1", 7447), false, 0);
    }

    synchronized FakeSession sink(Consumer<ChatRecord> s) {
        this.sink = s;
        return this;
    }

    synchronized void refuse(boolean r) {
        this.refusing = r;
    }

    synchronized List<ChatRecord> sent() {
        return List.copyOf(sent);
    }

    synchronized <T extends ChatRecord> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized void clearSent() {
        sent.clear();
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String nickname() {
        return nickname;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean outbound() {
        return outbound;
    }

    @Override
    public long clockOffsetMillis() {
        return clockOffset;
    }

    @Override
    public boolean send(ChatRecord record) {
        Consumer<ChatRecord> s;
        synchronized (this) {
            if (refusing || closed) {
                return false;
            }
            sent.add(record);
            s = sink;
        }
        s.accept(record);
        return true;
    }

    @Override
    public void flush() {
        Runnable f;
        synchronized (this) {
            flushes++;
            f = onFlush;
        }
        f.run();
    }

    /** Runs on every {@link #flush} (a test checks what the calling thread holds). */
    synchronized FakeSession onFlush(Runnable r) {
        this.onFlush = r;
        return this;
    }

    synchronized int flushes() {
        return flushes;
    }

    @Override
    public synchronized boolean open() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
