package dev.parley.bench;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.net.NetSettings;
import dev.parley.net.PeerNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parley's real stack in one process: two {@link PeerNetwork}s on loopback (handshake, Fernet records,
 * framing, send queues, reader threads), one session between them. The far side's listener echoes
 * texts whose id starts with {@code 01} and counts the others. A round trip is chained on the near
 * side's reader thread, where a chat program receives records: the echo's arrival sends the next one.
 */
final class ParleyLink implements MessageLink {
    private static final HexFormat HEX = HexFormat.of();

    private final Peer near;
    private final Peer far;
    private final Session session;

    private volatile Rounds rounds;
    private volatile CountDownLatch sunk;
    private volatile int toSink;
    private final AtomicInteger sinkCount = new AtomicInteger();

    ParleyLink() throws Exception {
        CompletableFuture<Session> up = new CompletableFuture<>();
        far = new Peer("far", new SessionListenerAdapter() {
            @Override public void received(Session s, ChatRecord r) {
                farReceived(s, r);
            }
        });
        near = new Peer("near", new SessionListenerAdapter() {
            @Override public void sessionUp(Session s) {
                up.complete(s);
            }

            @Override public void received(Session s, ChatRecord r) {
                Rounds rs = rounds;
                if (rs != null) {
                    rs.echoed(s);
                }
            }
        });
        near.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), far.network.port()));
        session = up.get(10, TimeUnit.SECONDS);
    }

    private void farReceived(Session s, ChatRecord r) {
        ChatRecord.Text t = (ChatRecord.Text) r;
        if (t.id().startsWith("01")) {
            s.send(t);
            s.flush();
        } else if (sinkCount.incrementAndGet() == toSink) {
            sinkCount.set(0);
            sunk.countDown();
        }
    }

    /** The CHAT record the body stands for (the same bytes go over TLS). */
    static ChatRecord.Text text(byte[] body, byte first) {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] id = new byte[16];
        b.get(id);
        id[0] = first;
        long time = b.getLong();
        return new ChatRecord.Text(HEX.formatHex(id), time, new String(body, 24, body.length - 24, StandardCharsets.UTF_8));
    }

    @Override
    public double[] roundTrips(byte[] body, int count) throws Exception {
        Rounds rs = new Rounds(text(body, (byte) 1), count);
        rounds = rs;
        rs.next(session);
        if (!rs.done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Parley echoes stopped at " + rs.k + " of " + count);
        }
        rounds = null;
        return rs.micros;
    }

    @Override
    public double oneWay(byte[] body, int count) throws Exception {
        ChatRecord.Text t = text(body, (byte) 2);
        CountDownLatch done = new CountDownLatch(1);
        sunk = done;
        toSink = count;
        long t0 = System.nanoTime();
        for (int k = 0; k < count; k++) {
            while (!session.send(t)) {
                session.flush();
                Thread.yield(); // the send queue is full (8 MiB): let the writer catch up
            }
            session.flush(); // each message on its own, as the chat engine hands them over
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Parley receiver did not get all messages");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() {
        near.close();
        far.close();
    }

    /** Round trips chained on the near reader thread. */
    private static final class Rounds {
        final ChatRecord.Text text;
        final double[] micros;
        final CountDownLatch done = new CountDownLatch(1);
        int k;
        long t0;

        Rounds(ChatRecord.Text text, int count) {
            this.text = text;
            this.micros = new double[count];
        }

        void next(Session s) {
            t0 = System.nanoTime();
            s.send(text);
            s.flush();
        }

        void echoed(Session s) {
            micros[k++] = (System.nanoTime() - t0) / 1000.0;
            if (k == micros.length) {
                done.countDown();
            } else {
                next(s);
            }
        }
    }

    /** A PeerNetwork on loopback with its own threads, as app wires one. */
    private static final class Peer implements AutoCloseable {
        final ExecutorService io = Executors.newCachedThreadPool(r -> daemon(r, "bench-net-io"));
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-net-timer"));
        final PeerNetwork network;

        Peer(String nick, SessionListener listener) throws Exception {
            SecureRandom random = new SecureRandom();
            KeyPair id = Ed25519.generate(random);
            LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> nick,
                    Clock.systemUTC(), random, PublicKeyOps.JDK);
            NetSettings settings = NetSettings.defaults(party, 0).withBindAddress(InetAddress.getLoopbackAddress());
            network = new PeerNetwork(settings, listener, io, timer, Clock.systemUTC());
            network.start();
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        @Override
        public void close() {
            network.close();
            io.shutdownNow();
            timer.shutdownNow();
        }
    }

    private abstract static class SessionListenerAdapter implements SessionListener {
        @Override public void sessionUp(Session s) { }
        @Override public void received(Session s, ChatRecord r) { }
        @Override public void sessionDown(Session s, String reason) { }
    }
}
