package dev.parley.files;

import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.Network;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Warning;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.identity.Identity;
import dev.parley.identity.KnownPeersFile;
import dev.parley.identity.SafetyNumber;
import dev.parley.net.NetSettings;
import dev.parley.net.PeerNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One peer in this JVM for the file tests: identity, chat engine, network on loopback and file engine
 * wired as the app wires them, recording every transfer event and received message. Close it.
 */
final class FilePeer implements AutoCloseable {
    final String nick;
    final Identity id;
    final ChatEngine chat;
    final PeerNetwork network;
    final FileEngine files;
    final BlockingQueue<TransferInfo> events = new LinkedBlockingQueue<>();
    final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<PeerInfo> peers = new LinkedBlockingQueue<>();
    /** Every transfer state seen, for failure messages. */
    final List<String> history = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService io = Executors.newCachedThreadPool();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    FilePeer(String nick, Path home, FileEngine.Settings settings, Disk disk) throws Exception {
        this(nick, home, settings, disk, Identity.generate(new SecureRandom()));
    }

    /** With a given identity: the same peer again (a restart, with the same {@code home}), or another key. */
    FilePeer(String nick, Path home, FileEngine.Settings settings, Disk disk, Identity identity) throws Exception {
        this(nick, home, settings, disk, identity, Clock.systemUTC());
    }

    /** With the file engine on a clock of its own (one that runs fast shows every step of its progress). */
    FilePeer(String nick, Path home, FileEngine.Settings settings, Disk disk, Identity identity, Clock filesClock)
            throws Exception {
        this.nick = nick;
        this.id = identity != null ? identity : Identity.generate(new SecureRandom());
        Network[] late = new Network[1];
        Network network0 = new Network() {
            @Override public void want(String fp, List<InetSocketAddress> a) { late[0].want(fp, a); }
            @Override public void forget(String fp) { late[0].forget(fp); }
            @Override public void dial(InetSocketAddress a) { late[0].dial(a); }
        };
        chat = new ChatEngine(id.fingerprint(), id.publicKey(), nick, network0, new KnownPeersFile(home),
                SafetyNumber::of, Clock.systemUTC(), new SecureRandom());
        LocalParty party = new LocalParty(id.keyPair(), id.publicKey(), null, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        NetSettings net = NetSettings.defaults(party, 0).withBindAddress(InetAddress.getLoopbackAddress())
                .withBackoff(new dev.parley.net.Backoff(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(500), 0.2));
        PeerNetwork[] bulk = new PeerNetwork[1];
        files = new FileEngine(chat, (a, fp, t) -> bulk[0].openBulk(a, fp, t), workers, timer,
                filesClock, new SecureRandom(), settings, disk);
        network = new PeerNetwork(net, files.tap(chat), io, timer, Clock.systemUTC());
        late[0] = network;
        bulk[0] = network;
        network.bulkDoor(files);
        chat.attachTransfers(files);
        files.addListener(events::add);
        files.addListener(t -> history.add(t.state() + "(" + t.bytes() + (t.reason() == null ? "" : ", " + t.reason()) + ")"));
        chat.addListener(new ChatListener() {
            @Override public void peerChanged(PeerInfo peer) { peers.add(peer); }
            @Override public void messageReceived(ChatMessage message) { messages.add(message); }
            @Override public void messageStatusChanged(ChatMessage message) { }
            @Override public void warning(Warning warning) { }
        });
        chat.start();
        network.start();
    }

    int port() {
        return network.port();
    }

    /** Waits until the peer with this fingerprint is online. */
    void awaitOnline(String fingerprint) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (chat.peer(fingerprint).map(p -> p.state() != PeerState.ONLINE).orElse(true)) {
            PeerInfo p = peers.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (p == null) {
                throw new AssertionError(nick + ": " + fingerprint + " did not come online");
            }
        }
    }

    /** The first transfer event (from now on) that matches, within the deadline. */
    TransferInfo await(Predicate<TransferInfo> p, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            TransferInfo t = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError(nick + ": no matching transfer event in " + seconds + " s; now "
                        + files.list() + "; history " + history);
            }
            if (p.test(t)) {
                return t;
            }
        }
    }

    TransferInfo awaitState(String id, String state, int seconds) throws InterruptedException {
        return await(t -> t.id().equals(id) && t.state().equals(state), seconds);
    }

    @Override
    public void close() {
        network.close();
        io.shutdownNow();
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
