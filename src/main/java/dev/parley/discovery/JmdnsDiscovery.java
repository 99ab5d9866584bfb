package dev.parley.discovery;

import dev.parley.chat.AddressEvidence;
import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.Discovery;
import dev.parley.chat.DiscoveryListener;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery over mDNS/DNS-SD with JmDNS: one JmDNS per chosen interface address, each announcing us as
 * {@code _parley._tcp.local.} and browsing the same type. What the instances see is merged into one
 * view by fingerprint ({@link PeerTable}).
 *
 * <p>JmDNS traps, handled here: {@code serviceAdded} carries no addresses (we ask for resolution, and
 * act only on resolved data; a request holds a thread for 200 ms, so a few workers per interface make
 * them, see {@link ResolutionQueue}); {@code serviceResolved} may repeat, come without {@code serviceAdded}, or
 * carry changed data (the table reports only real changes); {@code close()} can block for seconds (we
 * close all instances in parallel on the executor and wait a bounded time); its reverse-DNS lookup
 * stalls start-up without DNS (we pass an address that already carries its host name).
 *
 * <p>How long our records live is JmDNS's JVM-wide {@code net.dns.ttl} system property (seconds, default
 * 3600, which Parley keeps); a peer killed without goodbye is reported lost when its records expire. How
 * long we keep other speakers' records is capped at {@link #MAX_RECORD_TTL_SECONDS}, whatever TTL they
 * set: JmDNS honours any TTL, so every {@link #TTL_SWEEP} a sweep lowers the TTL of longer-lived records
 * in each JmDNS's cache, and JmDNS's own reaper then drops them when the capped time is up.
 *
 * <p>Announcements the table refused (a flood) are offered to it again when it asks ({@link PeerTable}'s
 * rescan): the names in JmDNS's cache it does not hold, {@value #RESCAN_BATCH} at a time, resolved from
 * the cache. What dialling proved about an address comes in as {@link AddressEvidence}. With a timer, a
 * peer's changes reach the listener at most once per 5 s ({@link Coalescer}).
 *
 * <p>{@link #start}, {@link #setNickname} and {@link #close} may be called from any thread but not
 * concurrently with each other; listener events come from the executor, one at a time, in order. The
 * executor may be bounded but must queue what it cannot run at once (never reject while running). At any
 * time this class keeps at most {@value #RESOLVERS} resolution workers per interface, one listener task
 * and one re-announcement task on it; closing adds a task per interface, which run in parallel as far as
 * the executor has threads free (a thread per interface beyond those is enough).
 */
public final class JmdnsDiscovery implements Discovery, AddressEvidence {
    public static final String SERVICE_TYPE = "_parley._tcp.local.";
    /**
     * The longest a record from the network is kept, in seconds: the TTL every Parley announces (JmDNS's
     * default, renewed at half of it). A lower cap would drop quiet real peers, which renew only then.
     */
    static final int MAX_RECORD_TTL_SECONDS = 3600;
    /** How often the cache is swept for records whose TTL exceeds the cap (JmDNS's reaper runs every 10 s). */
    static final Duration TTL_SWEEP = Duration.ofSeconds(10);
    /** Cached announcements a rescan resolves at most (the next rescan goes on where this one stopped). */
    static final int RESCAN_BATCH = 64;
    /** How long {@link #close()} waits for JmDNS, which may need seconds to send goodbyes and stop. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    /** How long a resolution request may block the executor thread it runs on (JmDNS waits >= 200 ms). */
    private static final long RESOLVE_WAIT_MILLIS = 1;
    /** Resolution requests in flight per interface (each could hold an executor thread for 200 ms). */
    static final int RESOLVERS = 2;
    /** Announcements waiting for a resolution request per interface; beyond, new ones are ignored. */
    static final int MAX_WAITING_RESOLUTIONS = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JmdnsDiscovery.class);

    private final List<InterfaceSelector.Selected> interfaces;
    private final Executor executor;
    private final int maxPeers;
    private final boolean fastStart;
    private volatile Advertisement advertisement;
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    /** Runs re-registrations one at a time, off the caller's thread (JmDNS blocks while it says goodbye). */
    private final SerialExecutor control;
    private final ScheduledExecutorService timer;
    private final List<Browser> browsers = new CopyOnWriteArrayList<>();
    private volatile PeerTable table;
    private volatile ScheduledFuture<?> sweep;
    private volatile boolean closed;
    private boolean started;

    private record Instance(String interfaceName, JmDNS jmdns, ServiceInfo info) {}

    /**
     * @param interfaces    where to announce and browse, from {@link InterfaceSelector}
     * @param advertisement what to announce about us
     * @param executor      runs listener events, resolution requests and closing; never runs a task inline
     *                      if the caller is to stay responsive
     */
    public JmdnsDiscovery(List<InterfaceSelector.Selected> interfaces, Advertisement advertisement, Executor executor) {
        this(interfaces, advertisement, executor, null, PeerTable.DEFAULT_MAX_PEERS, true);
    }

    /**
     * As above, with {@code timer} running the sweep that caps the TTL of cached records (it only hands
     * the sweep to {@code executor}).
     */
    public JmdnsDiscovery(List<InterfaceSelector.Selected> interfaces, Advertisement advertisement, Executor executor,
                          ScheduledExecutorService timer) {
        this(interfaces, advertisement, executor, timer, PeerTable.DEFAULT_MAX_PEERS, true);
    }

    /** {@code fastStart} false: JmDNS's own timing only, to measure what {@link FastStart} gains. */
    JmdnsDiscovery(List<InterfaceSelector.Selected> interfaces, Advertisement advertisement, Executor executor,
                   int maxPeers, boolean fastStart) {
        this(interfaces, advertisement, executor, null, maxPeers, fastStart);
    }

    private JmdnsDiscovery(List<InterfaceSelector.Selected> interfaces, Advertisement advertisement, Executor executor,
                           ScheduledExecutorService timer, int maxPeers, boolean fastStart) {
        this.timer = timer;
        this.interfaces = List.copyOf(interfaces);
        this.advertisement = Objects.requireNonNull(advertisement);
        this.executor = Objects.requireNonNull(executor);
        this.maxPeers = maxPeers;
        this.fastStart = fastStart;
        this.control = new SerialExecutor(executor);
    }

    @Override
    public void start(DiscoveryListener listener) throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        DiscoveryListener sink = new QueuedListener(new SerialExecutor(executor), listener);
        if (timer != null) {
            sink = new Coalescer(sink, this::later, System::nanoTime, Coalescer.DEFAULT_INTERVAL_NANOS);
        }
        PeerTable table = new PeerTable(advertisement.fingerprint(), maxPeers, sink, this::rescan, System::nanoTime);
        this.table = table;
        try {
            for (InterfaceSelector.Selected selected : interfaces) {
                instances.add(startOn(selected, table));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (timer != null) {
            long every = TTL_SWEEP.toMillis();
            sweep = timer.scheduleWithFixedDelay(this::sweepSoon, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void reached(String fingerprint, InetSocketAddress address) {
        PeerTable t = table;
        if (t != null) {
            t.evidence(fingerprint, address, true);
        }
    }

    @Override
    public void failed(String fingerprint, InetSocketAddress address) {
        PeerTable t = table;
        if (t != null) {
            t.evidence(fingerprint, address, false);
        }
    }

    private void later(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("not scheduling: shutting down");
        }
    }

    /** On the timer: hands the sweep to the executor (the timer never waits for JmDNS). */
    private void sweepSoon() {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                for (Instance i : instances) {
                    capTtls(((JmDNSImpl) i.jmdns()).getCache().allValues(), MAX_RECORD_TTL_SECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("not sweeping: shutting down");
        }
    }

    /** Lowers the TTL of every record that would outlive {@code maxSeconds}; returns how many. */
    static int capTtls(java.util.Collection<? extends DNSEntry> cached, int maxSeconds) {
        int capped = 0;
        for (DNSEntry e : cached) {
            if (e instanceof DNSRecord r && r.getTTL() > maxSeconds) {
                r.setTTL(maxSeconds); // expires at creation + cap; a refresh resets it, and the next sweep again
                capped++;
            }
        }
        return capped;
    }

    /** The table asks for the announcements it does not hold: each interface's browser offers them again. */
    private void rescan() {
        for (Browser b : browsers) {
            b.rescanSoon();
        }
    }

    /**
     * Re-announces under the new nickname, in the background. JmDNS 3.6.3's {@code ServiceInfo.setText}
     * cannot be used: it detaches the record from JmDNS's renewal task, so peers drop us when the TTL
     * runs out (seen in the namespace lab; cf. jmdns issue 129). Instead the service is registered under
     * the new name first and the old one withdrawn after, so peers see a change, not a loss.
     */
    @Override
    public void setNickname(String nickname) {
        advertisement = advertisement.withNickname(nickname);
        try {
            control.execute(this::reregister);
        } catch (RuntimeException e) {
            LOG.warn("cannot re-announce the new nickname", e);
        }
    }

    /** {@code mdns: on} and the interfaces it announces on. */
    @Override
    public List<dev.parley.chat.DiscoveryStatus> status() {
        List<String> on = new ArrayList<>();
        for (Instance i : instances) {
            on.add(i.interfaceName());
        }
        return List.of(new dev.parley.chat.DiscoveryStatus("mdns", closed ? "off" : "on", 0,
                on.isEmpty() ? "starting" : "on " + String.join(", ", on)));
    }

    /** Sends goodbyes and stops every JmDNS, in parallel, waiting at most {@link #CLOSE_WAIT}. Never throws. */
    @Override
    public void close() {
        close(CLOSE_WAIT);
    }

    /**
     * As {@link #close()}, waiting at most {@code wait}. JmDNS sends its first goodbye (TTL 0) at once and
     * repeats it twice, a second apart, before it stops; a short wait lets the first go out and leaves the
     * rest to finish in the background while the process exits (RFC 6762 10.1 asks for one or more).
     */
    public void close(Duration wait) {
        if (closed) {
            return;
        }
        closed = true;
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Instance i : instances) {
            closing.add(CompletableFuture.runAsync(() -> closeQuietly(i), executor));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("JmDNS still closing after {}; leaving it to finish in the background", wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("closing JmDNS failed", e);
        }
    }

    private Instance startOn(InterfaceSelector.Selected selected, PeerTable table) throws IOException {
        String host = InstanceNames.host(advertisement.fingerprint(), selected.name());
        // an address that already knows its name: JmDNS then skips the reverse lookup that stalls without DNS
        InetAddress bind = InetAddress.getByAddress(host, selected.address().getAddress());
        JmDNS jmdns = JmDNS.create(bind, host);
        try {
            // browse first, so our queries go out while JmDNS probes our names
            Browser browser = new Browser(selected.name(), jmdns, table);
            browsers.add(browser);
            jmdns.addServiceListener(SERVICE_TYPE, browser);
            if (fastStart) {
                FastStart.query(jmdns, SERVICE_TYPE);
            }
            ServiceInfo info = serviceInfo(advertisement);
            jmdns.registerService(info);
            if (fastStart) {
                FastStart.announce(jmdns, info);
            }
            LOG.info("mDNS on {} ({}) as '{}'", selected.name(), selected.address().getHostAddress(), info.getName());
            return new Instance(selected.name(), jmdns, info);
        } catch (IOException | RuntimeException e) {
            closeQuietly(new Instance(selected.name(), jmdns, null));
            throw e;
        }
    }

    private void reregister() {
        Advertisement ad = advertisement;
        for (int k = 0; k < instances.size() && !closed; k++) {
            Instance old = instances.get(k);
            ServiceInfo fresh = serviceInfo(ad);
            if (Arrays.equals(fresh.getTextBytes(), old.info().getTextBytes())) {
                continue;
            }
            boolean sameName = fresh.getName().equals(old.info().getName());
            try {
                if (sameName) {
                    old.jmdns().unregisterService(old.info()); // else JmDNS would rename the new one "(2)"
                }
                old.jmdns().registerService(fresh);
                if (fastStart) {
                    FastStart.announce(old.jmdns(), fresh);
                }
                instances.set(k, new Instance(old.interfaceName(), old.jmdns(), fresh));
                if (!sameName) {
                    old.jmdns().unregisterService(old.info());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("re-announcing on {} failed", old.interfaceName(), e);
            }
        }
    }

    private static ServiceInfo serviceInfo(Advertisement ad) {
        return ServiceInfo.create(SERVICE_TYPE, InstanceNames.instance(ad.nickname(), ad.fingerprint()), ad.port(), 0, 0,
                TxtRecord.encode(ad));
    }

    private static void closeQuietly(Instance i) {
        try {
            i.jmdns().close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing JmDNS on {} failed", i.interfaceName(), e);
        }
    }

    /** Delivers events in order on the executor, and none once discovery is closing. Thread-safe. */
    private final class QueuedListener implements DiscoveryListener {
        private final Executor serial;
        private final DiscoveryListener target;

        QueuedListener(Executor serial, DiscoveryListener target) {
            this.serial = serial;
            this.target = target;
        }

        @Override
        public void found(DiscoveredPeer peer) {
            serial.execute(() -> {
                if (!closed) {
                    target.found(peer);
                }
            });
        }

        @Override
        public void lost(String fingerprint) {
            serial.execute(() -> {
                if (!closed) {
                    target.lost(fingerprint);
                }
            });
        }

        @Override
        public void ownAnnouncement() {
            serial.execute(() -> {
                if (!closed) {
                    target.ownAnnouncement();
                }
            });
        }
    }

    /** Turns one JmDNS's service events into table updates. Called on that JmDNS's threads. */
    private final class Browser implements ServiceListener {
        private final String source;
        private final JmDNS jmdns;
        private final PeerTable table;
        private final RateLimitedLog badTxtLog;
        private final ResolutionQueue resolutions;
        private final AtomicBoolean rescanPending = new AtomicBoolean();
        /** Where the next rescan starts among the cached names (so that a batch at a time covers them all). */
        private int rescanFrom;

        Browser(String source, JmDNS jmdns, PeerTable table) {
            this.source = source;
            this.jmdns = jmdns;
            this.table = table;
            this.badTxtLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES, System::nanoTime);
            this.resolutions = new ResolutionQueue(executor, RESOLVERS, MAX_WAITING_RESOLUTIONS, this::requestResolution,
                    System::nanoTime);
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info != null && info.hasData()) {
                update(info);
            } else if (!closed) {
                // added events carry no addresses; resolution may already be under way, asking again is
                // cheap and covers the case where no resolved event would follow
                resolutions.request(event.getName());
            }
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            resolutions.cancel(event.getName());
            table.removed(source, event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            if (event.getInfo() != null) {
                update(event.getInfo());
            }
        }

        /** Queues one rescan, unless one is waiting already (the table may ask often during a flood). */
        void rescanSoon() {
            if (closed || !rescanPending.compareAndSet(false, true)) {
                return;
            }
            try {
                executor.execute(() -> {
                    rescanPending.set(false);
                    rescanNow();
                });
            } catch (RejectedExecutionException e) {
                rescanPending.set(false);
            }
        }

        /**
         * Offers the table again up to {@value #RESCAN_BATCH} announcements of JmDNS's cache that it does
         * not hold, resolved from the cache (JmDNS fires no new event for an announcement it already has).
         */
        private synchronized void rescanNow() {
            List<String> names = new ArrayList<>();
            for (DNSEntry e : ((JmDNSImpl) jmdns).getCache().getDNSEntryList(SERVICE_TYPE)) {
                if (e instanceof DNSRecord.Pointer p && !p.isExpired(System.currentTimeMillis())) {
                    String name = p.getServiceInfo(false).getName();
                    if (name != null && !name.isEmpty() && !table.holds(source, name)) {
                        names.add(name);
                    }
                }
            }
            int n = Math.min(RESCAN_BATCH, names.size());
            int from = names.isEmpty() ? 0 : Math.floorMod(rescanFrom, names.size());
            rescanFrom = from + n;
            for (int k = 0; k < n && !closed; k++) {
                ServiceInfo info = cached(names.get((from + k) % names.size()));
                if (info != null) {
                    update(info);
                }
            }
            LOG.debug("rescan on {}: offered {} of {} announcements not held", source, n, names.size());
        }

        /** The service as JmDNS's cache has it, or null; never waits for the network (see below). */
        private ServiceInfo cached(String name) {
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            Thread.currentThread().interrupt(); // ends JmDNS's 200 ms wait at once, as in requestResolution
            try {
                return jmdns.getServiceInfo(SERVICE_TYPE, name, RESOLVE_WAIT_MILLIS);
            } catch (RuntimeException e) {
                LOG.debug("resolution from the cache failed", e);
                return null;
            } finally {
                Thread.interrupted();
            }
        }

        /**
         * Starts JmDNS's resolver for {@code name}; its answer comes as {@code serviceResolved}. JmDNS 3.6.3
         * then waits for the data for 200 ms whatever timeout it is given ({@code waitForInfoData}), and a
         * flood of announcements that never resolve makes every request wait that long. An interrupt ends
         * that wait at once (JmDNS catches it and stops waiting), so we raise our own and clear it after:
         * a request costs only the starting of the resolver. Were JmDNS to wait otherwise, it would cost
         * 200 ms again, and {@link ResolutionQueue} still bounds the threads.
         */
        private void requestResolution(String name) {
            if (closed || Thread.currentThread().isInterrupted()) {
                return; // the executor is being shut down
            }
            Thread.currentThread().interrupt();
            try {
                jmdns.requestServiceInfo(SERVICE_TYPE, name, RESOLVE_WAIT_MILLIS);
            } catch (RuntimeException e) {
                LOG.debug("resolution request failed", e);
            } finally {
                Thread.interrupted();
            }
        }

        private void update(ServiceInfo info) {
            int port = info.getPort();
            List<InetAddress> addresses = usable(info.getInet4Addresses());
            byte[] text = info.getTextBytes();
            if (port < 1 || port > 65535 || addresses.isEmpty() || text == null || text.length <= 1) {
                return; // not resolved yet: JmDNS stands in a single zero byte for a TXT it has not received
            }
            try {
                table.resolved(source, info.getName(), TxtRecord.parse(text), port, addresses);
            } catch (InvalidTxtException e) {
                synchronized (badTxtLog) {
                    badTxtLog.warn("ignoring an announcement on " + source + ": " + e.getMessage());
                }
            }
        }
    }

    /** Drops addresses nobody should be sent to dial: wildcard, loopback, multicast. */
    static List<InetAddress> usable(Inet4Address[] addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (Inet4Address a : addresses) {
            if (!a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isMulticastAddress()
                    && !out.contains(a) && out.size() < PeerTable.MAX_ADDRESSES_PER_PEER) {
                out.add(a);
            }
        }
        return out;
    }
}
