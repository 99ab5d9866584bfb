package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.Discovery;
import dev.parley.chat.DiscoveryListener;
import dev.parley.chat.DiscoveryStatus;
import dev.parley.identity.TsigKey;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * Discovery over unicast DNS (DNS-SD of RFC 6763 in ordinary DNS zones), beside mDNS: browses
 * {@code _parley._tcp} in the configured domains and, if asked, in those RFC 6763 section 11 finds (the
 * {@code b}/{@code lb._dns-sd._udp} pointers under each resolver search domain and each interface's
 * reverse-map name), resolves SRV, TXT and addresses, and reports what it finds as hints, like mDNS (the
 * handshake proves who a peer is; a record naming someone else's fingerprint is dialled with that
 * expectation and ends in the spoof warning). Optionally registers us in one domain by RFC 2136 update,
 * signed with TSIG, refreshed every {@link #REFRESH} and withdrawn by {@link #close()}.
 *
 * <p>Polling is polite and bounded: every name is asked again when its TTL runs out, within
 * [{@link DnsSdConfig#floor()}, {@link DnsSdConfig#cap()}] less up to 20 % jitter ({@link PollSchedule}); a
 * failing name backs off to {@link #MAX_BACKOFF}; at most {@link #MAX_RESOLUTIONS_PER_ROUND} instances are
 * resolved in one round; queries time out after {@link #QUERY_TIMEOUT}. Peers are held in a {@link PeerTable}
 * of {@value PeerTable#DEFAULT_MAX_PEERS}.
 *
 * <p>Threads: every query and update runs on {@code scheduler}, which must have one thread (it is the only
 * place state changes, so nothing here is locked); listener events go out on {@code events}, in order, one
 * at a time. {@link #status()} may be called from any thread. Problems the user should see (an update
 * refused, not authorised, timed out) go to {@link DiscoveryListener#problem} with code {@code dns-sd}, once
 * per new problem.
 */
public final class UnicastDnsSd implements Discovery {
    public static final String CODE = "dns-sd";
    static final Duration REFRESH = Duration.ofMinutes(10);
    static final Duration ENUMERATE_AGAIN = Duration.ofMinutes(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for the withdrawal (and for a query under way to end first). */
    static final Duration WITHDRAW_WAIT = Duration.ofSeconds(2);
    static final int MAX_RESOLUTIONS_PER_ROUND = 64;
    static final int MAX_DOMAINS = 16;
    static final int MAX_INSTANCES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UnicastDnsSd.class);

    private final DnsSdConfig config;
    private final Supplier<List<InetAddress>> ourAddresses;
    private final ScheduledExecutorService scheduler;
    private final Executor events;
    private final LongSupplier clock;
    private final Supplier<Resolver> resolvers;
    private final java.util.function.Function<List<InetAddress>, Resolver> updateResolvers;
    /** Made on the scheduler at the first round: reading the resolver configuration costs a few hundred ms. */
    private DnsSdClient client;
    private final PollSchedule<Name> domainPolls;
    private final PollSchedule<Name> instancePolls;
    /** Each instance we poll, and the domain whose PTR listed it. */
    private final Map<Name, Name> instanceDomain = new LinkedHashMap<>();
    private final Map<Name, Set<Name>> listed = new LinkedHashMap<>();
    private volatile Advertisement advertisement;
    private volatile boolean closed;
    private volatile String statusDetail = "starting";
    private volatile String statusState = "starting";
    private PeerTable table;
    private DiscoveryListener listener;
    private ScheduledFuture<?> next;
    private boolean started;
    private long enumerateDue;
    private long registerDue;
    private int registerFailures;
    private DnsSdRegistration registered;
    private Name registerZone;
    private String lastProblem;
    private final Map<Name, String> domainErrors = new LinkedHashMap<>();

    /**
     * @param ourAddresses the addresses to register (called on the scheduler, at each registration)
     * @param scheduler    one thread: runs every query and update
     * @param events       runs listener events (one at a time through a serial queue)
     */
    public UnicastDnsSd(DnsSdConfig config, Advertisement advertisement, Supplier<List<InetAddress>> ourAddresses,
                        ScheduledExecutorService scheduler, Executor events) {
        this(config, advertisement, ourAddresses, scheduler, events, System::nanoTime, () -> resolver(config.servers()),
                primary -> primary.isEmpty()
                        ? (config.servers().isEmpty() ? resolver(List.of()) : new SimpleResolver(config.servers().get(0)))
                        : new SimpleResolver(new InetSocketAddress(primary.get(0), SimpleResolver.DEFAULT_PORT)));
    }

    /**
     * @param resolvers       makes the resolver that answers our queries (called once, on the scheduler)
     * @param updateResolvers a new resolver for updates, given the zone's primary server's addresses (maybe none)
     */
    UnicastDnsSd(DnsSdConfig config, Advertisement advertisement, Supplier<List<InetAddress>> ourAddresses,
                 ScheduledExecutorService scheduler, Executor events, LongSupplier clock, Supplier<Resolver> resolvers,
                 java.util.function.Function<List<InetAddress>, Resolver> updateResolvers) {
        this.updateResolvers = updateResolvers;
        this.config = Objects.requireNonNull(config);
        this.advertisement = Objects.requireNonNull(advertisement);
        this.ourAddresses = ourAddresses;
        this.scheduler = scheduler;
        this.events = events;
        this.clock = clock;
        this.resolvers = resolvers;
        this.domainPolls = new PollSchedule<>(config.floor(), config.cap(), MAX_BACKOFF, MAX_DOMAINS,
                () -> ThreadLocalRandom.current().nextDouble());
        this.instancePolls = new PollSchedule<>(config.floor(), config.cap(), MAX_BACKOFF, MAX_INSTANCES,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The system's resolvers (resolv.conf), or the given servers; {@link #QUERY_TIMEOUT}, one retry. */
    static Resolver resolver(List<InetSocketAddress> servers) {
        ExtendedResolver r;
        if (servers.isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress s : servers) {
                each.add(new SimpleResolver(s));
            }
            r = new ExtendedResolver(each);
        }
        r.setTimeout(QUERY_TIMEOUT);
        r.setRetries(1);
        return r;
    }

    @Override
    public void start(DiscoveryListener listener) throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        this.listener = listener;
        SerialExecutor serial = new SerialExecutor(events);
        this.table = new PeerTable(advertisement.fingerprint(), PeerTable.DEFAULT_MAX_PEERS, new DiscoveryListener() {
            @Override
            public void found(DiscoveredPeer peer) {
                serial.execute(() -> {
                    if (!closed) {
                        listener.found(peer);
                    }
                });
            }

            @Override
            public void lost(String fingerprint) {
                serial.execute(() -> {
                    if (!closed) {
                        listener.lost(fingerprint);
                    }
                });
            }

            @Override
            public void ownAnnouncement() {
                serial.execute(() -> {
                    if (!closed) {
                        listener.ownAnnouncement();
                    }
                });
            }
        }, clock);
        long now = clock.getAsLong();
        for (String d : config.domains()) {
            domainPolls.add(DnsSdClient.domain(d), now);
        }
        if (config.registerDomain() != null) {
            registerZone = DnsSdClient.domain(config.registerDomain());
            domainPolls.add(registerZone, now);
            registerDue = now;
        }
        enumerateDue = config.automatic() ? now : Long.MAX_VALUE;
        statusState = "on";
        LOG.info("unicast DNS-SD: browsing {}{}{}", config.domains().isEmpty() ? "no configured domain" : config.domains(),
                config.automatic() ? " and the domains the network names" : "",
                registerZone == null ? "" : "; registering in " + config.registerDomain());
        scheduler.execute(this::round);
    }

    @Override
    public void setNickname(String nickname) {
        advertisement = advertisement.withNickname(nickname);
        if (registerZone != null && !closed) {
            scheduler.execute(() -> {
                registerDue = clock.getAsLong();
                round();
            });
        }
    }

    @Override
    public List<DiscoveryStatus> status() {
        return List.of(new DiscoveryStatus(CODE, statusState, table == null ? 0 : table.size(), statusDetail));
    }

    /** Withdraws our records (waiting at most {@link #WITHDRAW_WAIT}) and stops polling. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        statusState = "off";
        if (!started) {
            return;
        }
        Future<?> withdrawal;
        try {
            withdrawal = scheduler.submit(this::withdraw);
        } catch (RuntimeException e) {
            return; // the scheduler is already shut down
        }
        try {
            withdrawal.get(WITHDRAW_WAIT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("unicast DNS-SD: our records were not withdrawn within {}; they expire with their TTL", WITHDRAW_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("unicast DNS-SD: withdrawing failed", e.getCause());
        }
    }

    // ---- on the scheduler only

    /** One round: register if due, find browse domains if due, poll the domains and instances that are due. */
    private void round() {
        if (closed) {
            return;
        }
        try {
            if (client == null) {
                client = new DnsSdClient(resolvers.get());
            }
            long now = clock.getAsLong();
            if (registerZone != null && registerDue - now <= 0) {
                register(now);
            }
            if (enumerateDue - now <= 0) {
                enumerate(now);
            }
            for (Name d : domainPolls.due(clock.getAsLong())) {
                if (closed) {
                    return;
                }
                browse(d);
            }
            int resolved = 0;
            for (Name i : instancePolls.due(clock.getAsLong())) {
                if (closed || resolved++ >= MAX_RESOLUTIONS_PER_ROUND) {
                    break;
                }
                resolve(i);
            }
            updateStatus();
        } catch (RuntimeException e) {
            LOG.warn("unicast DNS-SD round failed", e);
        } finally {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        long due = Math.min(Math.min(domainPolls.nextDue(), instancePolls.nextDue()),
                Math.min(enumerateDue, registerZone == null ? Long.MAX_VALUE : registerDue));
        if (due == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, due - now);
        if (!instancePolls.due(now).isEmpty()) {
            delay = Math.max(delay, TimeUnit.SECONDS.toNanos(1)); // more than one round's worth: the rest in a second
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = scheduler.schedule(this::round, delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("unicast DNS-SD: scheduler gone", e);
        }
    }

    private void enumerate(long now) {
        enumerateDue = now + ENUMERATE_AGAIN.toNanos();
        for (Name candidate : candidates()) {
            try {
                for (Name d : client.browseDomains(candidate)) {
                    if (!domainPolls.contains(d) && domainPolls.add(d, clock.getAsLong())) {
                        LOG.info("unicast DNS-SD: {} names the browse domain {}", DnsSdClient.show(candidate),
                                DnsSdClient.show(d));
                    }
                }
            } catch (IOException e) {
                LOG.debug("unicast DNS-SD: no browse domain under {}: {}", candidate, e.toString());
            }
            if (closed) {
                return;
            }
        }
    }

    /** RFC 6763 section 11's starting points: the search domains, and each interface subnet's reverse-map name. */
    static List<Name> candidates() {
        Set<Name> out = new LinkedHashSet<>();
        for (Name n : ResolverConfig.getCurrentConfig().searchPath()) {
            if (out.size() < MAX_DOMAINS && !n.equals(Name.root)) {
                out.add(n);
            }
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    Name n = reverseName(ia.getAddress(), ia.getNetworkPrefixLength());
                    if (n != null && out.size() < MAX_DOMAINS) {
                        out.add(n);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list interfaces: {}", e.toString());
        }
        return List.copyOf(out);
    }

    /**
     * The subnet's reverse-map name, host bits zeroed: {@code 0.1.98.10.in-addr.arpa.} for 10.98.1.7/24, the
     * /64 for IPv6 (RFC 6763 section 11). Null for loopback, link-local and wildcard addresses.
     */
    static Name reverseName(InetAddress address, int prefixLength) {
        if (address == null || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int prefix = address instanceof Inet6Address ? 64 : Math.max(0, Math.min(32, prefixLength));
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return ReverseMap.fromAddress(bytes);
    }

    private void browse(Name domain) {
        long now = clock.getAsLong();
        DnsSdClient.Pointers found;
        try {
            found = client.instances(domain);
        } catch (IOException e) {
            domainPolls.failed(domain, now);
            domainErrors.put(domain, describe(e));
            LOG.debug("unicast DNS-SD: browsing {} failed: {}", domain, e.toString());
            return;
        }
        domainErrors.remove(domain);
        domainPolls.answered(domain, found.ttl(), clock.getAsLong());
        Set<Name> now2 = new LinkedHashSet<>(found.targets());
        Set<Name> before = listed.getOrDefault(domain, Set.of());
        for (Name gone : before) {
            if (!now2.contains(gone)) {
                forget(gone);
            }
        }
        Set<Name> kept = new LinkedHashSet<>();
        for (Name i : now2) {
            Name owner = instanceDomain.get(i);
            if (owner != null && !owner.equals(domain)) {
                continue; // another domain's PTR listed it first
            }
            if (owner == null) {
                if (!instancePolls.add(i, clock.getAsLong())) {
                    continue; // at the bound
                }
                instanceDomain.put(i, domain);
            }
            kept.add(i);
        }
        listed.put(domain, kept);
    }

    private void forget(Name instance) {
        Name domain = instanceDomain.remove(instance);
        instancePolls.remove(instance);
        if (domain != null) {
            table.removed(domain.toString(), instance.toString());
        }
    }

    private void resolve(Name instance) {
        Name domain = instanceDomain.get(instance);
        if (domain == null) {
            instancePolls.remove(instance);
            return;
        }
        Optional<DnsSdClient.Resolved> r;
        try {
            r = client.resolve(instance);
        } catch (IOException e) {
            instancePolls.failed(instance, clock.getAsLong());
            LOG.debug("unicast DNS-SD: resolving {} failed: {}", instance, e.toString());
            return;
        }
        long now = clock.getAsLong();
        if (r.isEmpty() || r.get().addresses().isEmpty() || r.get().port() < 1) {
            table.removed(domain.toString(), instance.toString());
            instancePolls.answered(instance, 0, now); // listed but not resolvable (yet): again after the floor
            return;
        }
        DnsSdClient.Resolved res = r.get();
        instancePolls.answered(instance, res.ttl(), now);
        try {
            table.resolved(domain.toString(), instance.toString(), TxtRecord.parse(res.txt()), res.port(), res.addresses());
        } catch (InvalidTxtException e) {
            LOG.debug("unicast DNS-SD: ignoring {}: {}", instance, e.getMessage());
            table.removed(domain.toString(), instance.toString());
        }
    }

    private void register(long now) {
        Advertisement ad = advertisement;
        DnsSdRegistration fresh;
        try {
            fresh = new DnsSdRegistration(registerZone, ad, registrable(ourAddresses.get()));
        } catch (IOException e) {
            registerDue = Long.MAX_VALUE;
            problem("cannot register in " + config.registerDomain() + ": " + e.getMessage());
            return;
        }
        String result = send(fresh.register(registered), QUERY_TIMEOUT);
        if (result == null) {
            registered = fresh;
            registerFailures = 0;
            registerDue = clock.getAsLong() + REFRESH.toNanos();
            if (lastProblem != null) {
                LOG.info("unicast DNS-SD: registered in {} again", config.registerDomain());
            } else {
                LOG.info("unicast DNS-SD: registered as {} in {}", fresh.instance(), config.registerDomain());
            }
            lastProblem = null;
        } else {
            registerFailures++;
            long delay = domainPolls.backoff(registerFailures);
            registerDue = clock.getAsLong() + delay;
            problem("registration in " + config.registerDomain() + " failed: " + result);
        }
    }

    private void withdraw() {
        if (registered == null || client == null) {
            return;
        }
        String result = send(registered.withdraw(), WITHDRAW_WAIT);
        if (result == null) {
            LOG.info("unicast DNS-SD: withdrew our records from {}", config.registerDomain());
        } else {
            LOG.warn("unicast DNS-SD: withdrawing from {} failed: {}", config.registerDomain(), result);
        }
        registered = null;
    }

    /** Sends an update to the zone's primary (its SOA's MNAME), else to our resolver; null on success, else why not. */
    private String send(Message update, Duration timeout) {
        Resolver target = updateResolver(timeout);
        try {
            Message answer = target.send(update);
            int rcode = answer.getRcode();
            return switch (rcode) {
                case Rcode.NOERROR -> null;
                case Rcode.NOTAUTH -> "not authorised (NOTAUTH): the server does not accept "
                        + (config.key() == null ? "unsigned updates (set dns-sd-key)" : "this key for this zone");
                case Rcode.REFUSED -> "refused (REFUSED): the server takes no updates for this zone from us";
                case Rcode.NOTZONE -> "not a zone (NOTZONE): " + config.registerDomain() + " is not a zone's name";
                default -> Rcode.string(rcode);
            };
        } catch (SocketTimeoutException e) {
            return "timeout: no answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            return describe(e);
        }
    }

    private Resolver updateResolver(Duration timeout) {
        List<InetAddress> primary = List.of();
        try {
            primary = client.primary(registerZone);
        } catch (IOException e) {
            LOG.debug("unicast DNS-SD: no primary for {}: {}", registerZone, e.toString());
        }
        Resolver r = updateResolvers.apply(primary);
        r.setTimeout(timeout);
        if (config.key() != null) {
            r.setTSIGKey(tsig(config.key()));
        }
        return r;
    }

    static TSIG tsig(TsigKey key) {
        Name algorithm = switch (key.algorithm()) {
            case "hmac-sha224" -> TSIG.HMAC_SHA224;
            case "hmac-sha384" -> TSIG.HMAC_SHA384;
            case "hmac-sha512" -> TSIG.HMAC_SHA512;
            default -> TSIG.HMAC_SHA256;
        };
        byte[] secret = key.secret();
        try {
            return new TSIG(algorithm, Name.fromString(key.name().endsWith(".") ? key.name() : key.name() + "."), secret);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad key name", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Addresses worth publishing: no loopback, link-local, wildcard or multicast; at most 16. */
    static List<InetAddress> registrable(List<InetAddress> addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            if ((a instanceof Inet4Address || a instanceof Inet6Address) && !a.isLoopbackAddress()
                    && !a.isLinkLocalAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress()
                    && !out.contains(a) && out.size() < PeerTable.MAX_ADDRESSES_PER_PEER) {
                out.add(a);
            }
        }
        return out;
    }

    private void problem(String message) {
        LOG.warn("unicast DNS-SD: {}", message);
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            DiscoveryListener l = listener;
            events.execute(() -> {
                if (!closed) {
                    l.problem(CODE, message);
                }
            });
        }
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void updateStatus() {
        List<String> browsing = new ArrayList<>();
        for (Name d : listed.keySet()) {
            browsing.add(DnsSdClient.show(d));
        }
        StringBuilder b = new StringBuilder();
        b.append(browsing.isEmpty() ? "no domain answered yet" : "browsing " + String.join(", ", browsing));
        if (!domainErrors.isEmpty()) {
            List<String> errs = new ArrayList<>();
            domainErrors.forEach((d, why) -> errs.add(DnsSdClient.show(d) + ": " + why));
            b.append("; failing ").append(String.join(", ", errs));
        }
        if (registerZone != null) {
            b.append(registered != null && lastProblem == null ? "; registered in " + config.registerDomain()
                    : lastProblem != null ? "; " + lastProblem : "; registering in " + config.registerDomain());
        }
        statusDetail = b.toString();
        statusState = lastProblem != null || (!domainErrors.isEmpty() && listed.isEmpty()) ? "failing" : "on";
    }
}
