package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import dev.parley.identity.TsigKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Unicast DNS-SD against a DNS server in memory ({@link FakeResolver}): browsing, resolution, hostile
 * answers, registration and withdrawal, failures shown once. The polling runs on a real one-thread
 * scheduler; events are awaited with deadlines.
 */
class UnicastDnsSdTest {
    static final String OURS = "SHA256:" + "O".repeat(42) + "E";
    static final String BOB = "SHA256:" + "B".repeat(42) + "A";
    static final String CAROL = "SHA256:" + "C".repeat(42) + "A";
    static final Name DOMAIN = Name.fromConstantString("office.example.");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final FakeResolver dns = new FakeResolver();
    private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    private UnicastDnsSd discovery;

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.close();
        }
        scheduler.shutdownNow();
        events.shutdownNow();
    }

    private final DiscoveryListener listener = new DiscoveryListener() {
        @Override
        public void found(DiscoveredPeer peer) {
            heard.add(peer);
        }

        @Override
        public void lost(String fingerprint) {
            heard.add("lost " + fingerprint);
        }

        @Override
        public void problem(String code, String message) {
            heard.add(code + ": " + message);
        }
    };

    private UnicastDnsSd start(String register, TsigKey key) throws Exception {
        DnsSdConfig config = new DnsSdConfig(List.of("office.example"), false, register, key, List.of(),
                Duration.ofMillis(200), Duration.ofMillis(400));
        List<InetAddress> ours = List.of(InetAddress.getByName("10.0.1.2"), InetAddress.getByName("127.0.0.1"));
        discovery = new UnicastDnsSd(config, Advertisement.v1("me", OURS, 7447, false), () -> ours,
                scheduler, events, System::nanoTime, () -> dns, primary -> dns);
        discovery.start(listener);
        return discovery;
    }

    private Object next() throws InterruptedException {
        Object o = heard.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("nothing heard within 10 s; sent: " + dns.sent().size());
        }
        return o;
    }

    /** A peer's records in the zone: PTR, SRV, TXT, A. */
    private void publish(String label, String fp, String nick, String address, int port) throws Exception {
        publish(label, TxtRecord.encode(Advertisement.v1(nick, fp, port, false)), address, port);
    }

    private void publish(String label, byte[] txt, String address, int port) throws Exception {
        Name service = Name.concatenate(DnsSdClient.SERVICE, DOMAIN);
        Name instance = Name.concatenate(DnsSdClient.label(label), service);
        Name host = Name.concatenate(DnsSdClient.label("h-" + label), DOMAIN);
        synchronized (dns) {
            dns.zone.add(new PTRRecord(service, DClass.IN, 120, instance));
            dns.zone.add(new SRVRecord(instance, DClass.IN, 120, 0, 0, port, host));
            dns.zone.add(org.xbill.DNS.Record.newRecord(instance, Type.TXT, DClass.IN, 120, txt));
            dns.zone.add(new ARecord(host, DClass.IN, 120, InetAddress.getByName(address)));
        }
    }

    @Test
    void aPeerInTheDomainIsFoundWithItsTxtAndAddressAndLostWhenItsPointerGoes() throws Exception {
        publish("bob (BBBBBBBB)", BOB, "bob", "10.0.2.2", 7000);
        start(null, null);
        DiscoveredPeer bob = (DiscoveredPeer) next();
        assertEquals(BOB, bob.fingerprint());
        assertEquals("bob", bob.nickname());
        assertEquals(List.of(new InetSocketAddress("10.0.2.2", 7000)), bob.addresses());
        assertTrue(discovery.status().get(0).toString().startsWith("dns-sd: on, 1 peer (browsing office.example"),
                discovery.status().toString());
        synchronized (dns) {
            dns.zone.removeIf(r -> r instanceof PTRRecord);
        }
        assertEquals("lost " + BOB, next(), "gone at the next poll (the cap here is 400 ms)");
    }

    @Test
    void ourOwnRecordsAndMalformedOnesAreNotReported() throws Exception {
        publish("me (OOOOOOOO)", OURS, "me", "10.0.1.2", 7447);
        publish("bad", new byte[] {11, 'f', 'p', '=', 'S', 'H', 'A', '2', '5', '6', ':', 'x'}, "10.0.2.9", 7447);
        publish("bob (BBBBBBBB)", BOB, "bob", "10.0.2.2", 7000);
        start(null, null);
        assertEquals(BOB, ((DiscoveredPeer) next()).fingerprint());
        assertNull(heard.poll(1, TimeUnit.SECONDS), "nothing else: " + heard);
    }

    @Test
    void aHostileServerCannotSlipInRecordsOfOtherNamesNorFloodUs() throws Exception {
        publish("bob (BBBBBBBB)", BOB, "bob", "10.0.2.2", 7000);
        Name service = Name.concatenate(DnsSdClient.SERVICE, DOMAIN);
        dns.extra = q -> {
            List<org.xbill.DNS.Record> junk = new ArrayList<>();
            Name asked = q.getQuestion().getName();
            try {
                // an address for another name in the SRV answer, and a PTR flood for the service
                junk.add(new ARecord(Name.fromConstantString("evil.example."), DClass.IN, 120,
                        InetAddress.getByName("10.6.6.6")));
                if (asked.equals(service)) {
                    for (int i = 0; i < DnsSdClient.MAX_INSTANCES + 50; i++) {
                        junk.add(new PTRRecord(service, DClass.IN, 120,
                                Name.concatenate(DnsSdClient.label("ghost" + i), service)));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return junk;
        };
        start(null, null);
        DiscoveredPeer bob = (DiscoveredPeer) next();
        assertEquals(List.of(new InetSocketAddress("10.0.2.2", 7000)), bob.addresses(), "evil.example's address ignored");
        long ptrQueries = dns.sent().stream().filter(m -> m.getQuestion() != null && m.getQuestion().getType() == Type.SRV).count();
        assertTrue(ptrQueries <= DnsSdClient.MAX_INSTANCES + 1, "instances resolved at most the bound: " + ptrQueries);
    }

    @Test
    void registrationWritesSignedRecordsOnceAndAClosedDiscoveryWithdrawsThem() throws Exception {
        TsigKey key = TsigKey.parse("hmac-sha256:parley-update:aHmfQqG3fTzG3ACa8Jn4YxrsbOUIqZwckWEjgSgMyiA=");
        start("office.example", key);
        Message update = awaitUpdate(0);
        assertTrue(update.getTSIG() != null, "signed with TSIG");
        assertEquals(Name.fromConstantString("parley-update."), update.getTSIG().getName());
        List<org.xbill.DNS.Record> adds = update.getSection(Section.UPDATE).stream()
                .filter(r -> r.getDClass() == DClass.IN).toList();
        assertTrue(adds.stream().anyMatch(r -> r instanceof SRVRecord s && s.getPort() == 7447), adds.toString());
        assertTrue(adds.stream().anyMatch(r -> r instanceof ARecord a && a.getAddress().getHostAddress().equals("10.0.1.2")));
        assertFalse(adds.stream().anyMatch(r -> r instanceof ARecord a && a.getAddress().isLoopbackAddress()),
                "no loopback address published");
        assertTrue(adds.stream().allMatch(r -> r.getTTL() == DnsSdRegistration.TTL), "one TTL for every record");
        discovery.close();
        Message withdrawal = awaitUpdate(1);
        assertTrue(withdrawal.getTSIG() != null);
        assertTrue(withdrawal.getSection(Section.UPDATE).stream().noneMatch(r -> r.getDClass() == DClass.IN),
                "a withdrawal only deletes");
    }

    @Test
    void aRefusedUpdateIsOneDnsSdProblemNotOneARetry() throws Exception {
        dns.onUpdate = u -> Rcode.NOTAUTH;
        start("office.example", null);
        String problem = (String) next();
        assertTrue(problem.startsWith("dns-sd: registration in office.example failed: not authorised (NOTAUTH)"), problem);
        awaitUpdate(1); // tried again (after the backoff)...
        assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "...without saying so again");
        assertEquals("failing", discovery.status().get(0).state());
    }

    private Message awaitUpdate(int index) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            List<Message> updates = dns.sent().stream()
                    .filter(m -> m.getHeader().getOpcode() == org.xbill.DNS.Opcode.UPDATE).toList();
            if (updates.size() > index) {
                return updates.get(index);
            }
            Thread.sleep(10); // polling the fake server's log: it has no event to wait on
        }
        throw new AssertionError("no update #" + index);
    }
}
