package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.Discovery;
import dev.parley.chat.DiscoveryListener;
import dev.parley.chat.DiscoveryStatus;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The composite of mDNS and unicast DNS-SD, with two scripted sources. */
class DiscoveriesTest {
    static final String FP = "SHA256:" + "A".repeat(43);

    /** A source the test drives by hand. */
    static class Scripted implements Discovery {
        final String name;
        final List<String> calls;
        DiscoveryListener listener;

        Scripted(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override public void start(DiscoveryListener l) throws java.io.IOException { listener = l; calls.add("start " + name); }
        @Override public void setNickname(String n) { calls.add("nick " + name + " " + n); }
        @Override public void close() { calls.add("close " + name); }
        @Override public List<DiscoveryStatus> status() { return List.of(new DiscoveryStatus(name, "on", 0, "x")); }
    }

    @Test
    void eventsAreMergedPassedOnInOrderAndLostOnlyWhenBothSourcesLoseThePeer() throws Exception {
        List<String> calls = new ArrayList<>();
        Scripted mdns = new Scripted("mdns", calls);
        Scripted dns = new Scripted("dns-sd", calls);
        Map<String, Discovery> sources = new LinkedHashMap<>();
        sources.put("mdns", mdns);
        sources.put("dns-sd", dns);
        Discoveries all = new Discoveries(sources, Runnable::run);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        all.start(new DiscoveryListener() {
            @Override public void found(DiscoveredPeer p) { heard.add("found " + p.addresses().size()); }
            @Override public void lost(String fp) { heard.add("lost"); }
            @Override public void problem(String code, String message) { heard.add(code + " " + message); }
        });
        DiscoveredPeer viaMdns = new DiscoveredPeer(FP, "bob", List.of(new InetSocketAddress("10.0.0.2", 7447)), 1, 1, false);
        DiscoveredPeer viaDns = new DiscoveredPeer(FP, "bob", List.of(new InetSocketAddress("10.9.0.2", 7447)), 1, 1, false);
        mdns.listener.found(viaMdns);
        dns.listener.found(viaDns);
        dns.listener.problem("dns-sd", "refused");
        mdns.listener.lost(FP);
        dns.listener.lost(FP);
        assertEquals(List.of("found 1", "found 2", "dns-sd refused", "found 1", "lost"), drain(heard));
        assertEquals(List.of(new DiscoveryStatus("mdns", "on", 0, "x"), new DiscoveryStatus("dns-sd", "on", 0, "x")),
                all.status());
        all.setNickname("robert");
        all.close();
        assertEquals(List.of("start mdns", "start dns-sd", "nick mdns robert", "nick dns-sd robert", "close dns-sd",
                "close mdns"), calls, "closed in reverse: DNS-SD withdraws first, JmDNS takes seconds");
        mdns.listener.found(viaMdns);
        assertNull(heard.poll(100, TimeUnit.MILLISECONDS), "nothing after close");
    }

    @Test
    void ourOwnAnnouncementsArePassedOnFromEverySourceAsCountsNotPeers() throws Exception {
        List<String> calls = new ArrayList<>();
        Scripted mdns = new Scripted("mdns", calls);
        Scripted dns = new Scripted("dns-sd", calls);
        Map<String, Discovery> sources = new LinkedHashMap<>();
        sources.put("mdns", mdns);
        sources.put("dns-sd", dns);
        Discoveries all = new Discoveries(sources, Runnable::run);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        all.start(new DiscoveryListener() {
            @Override public void found(DiscoveredPeer p) { heard.add("found"); }
            @Override public void lost(String fp) { heard.add("lost"); }
            @Override public void ownAnnouncement() { heard.add("own"); }
        });
        mdns.listener.ownAnnouncement();
        dns.listener.ownAnnouncement();
        assertEquals(List.of("own", "own"), drain(heard));
        all.close();
        mdns.listener.ownAnnouncement();
        assertNull(heard.poll(100, TimeUnit.MILLISECONDS), "nothing after close");
    }

    @Test
    void aSourceThatFailsToStartClosesTheOthers() {
        List<String> calls = new ArrayList<>();
        Scripted mdns = new Scripted("mdns", calls);
        Discovery broken = new Scripted("dns-sd", calls) {
            @Override public void start(DiscoveryListener l) throws java.io.IOException { throw new java.io.IOException("no"); }
        };
        Map<String, Discovery> sources = new LinkedHashMap<>();
        sources.put("mdns", mdns);
        sources.put("dns-sd", broken);
        Discoveries all = new Discoveries(sources, Runnable::run);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> all.start(new DiscoveryListener() {
            @Override public void found(DiscoveredPeer p) { }
            @Override public void lost(String fp) { }
        }));
        assertFalse(calls.isEmpty());
        assertEquals(List.of("start mdns", "close dns-sd", "close mdns"), calls);
    }

    private static List<String> drain(BlockingQueue<String> q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String s;
        while ((s = q.poll(200, TimeUnit.MILLISECONDS)) != null) {
            out.add(s);
        }
        return out;
    }
}
