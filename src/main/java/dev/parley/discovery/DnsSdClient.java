package dev.parley.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS-SD queries over unicast DNS (RFC 6763), with dnsjava: browse-domain enumeration (section 11),
 * instance enumeration (PTR), and resolution (SRV, TXT, then A/AAAA of the SRV target, from the additional
 * section when the server put them there). Everything in an answer is hostile input: only records of the
 * name asked about count, and each list is bounded. Blocking; one caller at a time per instance (the
 * resolver itself is thread-safe).
 */
final class DnsSdClient {
    /** The service type under a domain: {@code _parley._tcp.DOMAIN}. */
    static final Name SERVICE = Name.fromConstantString("_parley._tcp");
    /** The browse-domain names of RFC 6763 section 11 we ask: "b" (browse) and "lb" (legacy browse, the default). */
    static final List<Name> BROWSE_POINTERS = List.of(Name.fromConstantString("b._dns-sd._udp"),
            Name.fromConstantString("lb._dns-sd._udp"));
    /** Browse domains one enumeration may find. */
    static final int MAX_BROWSE_DOMAINS = 16;
    /** Instances one PTR answer may list; beyond these, the rest are ignored. */
    static final int MAX_INSTANCES = 256;
    /** Addresses taken from one SRV target. */
    static final int MAX_ADDRESSES = PeerTable.MAX_ADDRESSES_PER_PEER;
    /** The TTL we assume for an answer that says nothing (an empty answer without SOA). */
    static final long DEFAULT_NEGATIVE_TTL = 60;

    /** A PTR answer: the names it points to, and the smallest TTL (or the negative TTL when empty). */
    record Pointers(List<Name> targets, long ttl) {}

    /** An instance resolved: SRV port and target, the TXT's bytes, the target's addresses, the smallest TTL. */
    record Resolved(int port, Name target, byte[] txt, List<InetAddress> addresses, long ttl) {}

    /** The server answered with an error (SERVFAIL, REFUSED, ...): worth a backoff, unlike NXDOMAIN. */
    static final class ServerFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ServerFailure(String message) {
            super(message);
        }
    }

    private final Resolver resolver;

    DnsSdClient(Resolver resolver) {
        this.resolver = resolver;
    }

    /** PTR records of {@code name}: an empty list for NXDOMAIN or no data. */
    Pointers pointers(Name name, int max) throws IOException {
        Message answer = query(name, Type.PTR);
        List<Name> targets = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (org.xbill.DNS.Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof PTRRecord ptr && r.getName().equals(name) && targets.size() < max
                    && !targets.contains(ptr.getTarget())) {
                targets.add(ptr.getTarget());
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        return new Pointers(targets, targets.isEmpty() ? negativeTtl(answer) : ttl);
    }

    /** The browse domains {@code domain} names ({@code b._dns-sd._udp} and {@code lb._dns-sd._udp} under it). */
    List<Name> browseDomains(Name domain) throws IOException {
        Set<Name> found = new LinkedHashSet<>();
        for (Name pointer : BROWSE_POINTERS) {
            Name name;
            try {
                name = Name.concatenate(pointer, domain);
            } catch (NameTooLongException e) {
                continue;
            }
            for (Name target : pointers(name, MAX_BROWSE_DOMAINS).targets()) {
                if (found.size() < MAX_BROWSE_DOMAINS) {
                    found.add(target);
                }
            }
        }
        return List.copyOf(found);
    }

    /** The instances of our service in {@code domain}. */
    Pointers instances(Name domain) throws IOException {
        try {
            return pointers(Name.concatenate(SERVICE, domain), MAX_INSTANCES);
        } catch (NameTooLongException e) {
            return new Pointers(List.of(), DEFAULT_NEGATIVE_TTL);
        }
    }

    /** Resolves one instance; empty if it has no SRV or TXT (gone, or not resolvable yet). */
    Optional<Resolved> resolve(Name instance) throws IOException {
        Message srvAnswer = query(instance, Type.SRV);
        SRVRecord srv = null;
        for (org.xbill.DNS.Record r : srvAnswer.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord s && r.getName().equals(instance)) {
                srv = srv == null || s.getPriority() < srv.getPriority() ? s : srv;
            }
        }
        if (srv == null) {
            return Optional.empty();
        }
        TXTRecord txt = null;
        for (org.xbill.DNS.Record r : query(instance, Type.TXT).getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord t && r.getName().equals(instance) && txt == null) {
                txt = t;
            }
        }
        if (txt == null) {
            return Optional.empty();
        }
        long ttl = Math.min(srv.getTTL(), txt.getTTL());
        Name target = srv.getTarget();
        List<InetAddress> addresses = new ArrayList<>();
        ttl = Math.min(ttl, addresses(srvAnswer, target, addresses));
        if (addresses.isEmpty()) {
            ttl = Math.min(ttl, addresses(query(target, Type.A), target, addresses));
            ttl = Math.min(ttl, addresses(query(target, Type.AAAA), target, addresses));
        }
        return Optional.of(new Resolved(srv.getPort(), target, txt.rdataToWireCanonical(), List.copyOf(addresses), ttl));
    }

    /** The primary server of the zone {@code zone} (its SOA's MNAME) and its addresses, for updates. */
    List<InetAddress> primary(Name zone) throws IOException {
        Message answer = query(zone, Type.SOA);
        for (org.xbill.DNS.Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof SOARecord soa && r.getName().equals(zone)) {
                List<InetAddress> out = new ArrayList<>();
                addresses(query(soa.getHost(), Type.A), soa.getHost(), out);
                addresses(query(soa.getHost(), Type.AAAA), soa.getHost(), out);
                return out;
            }
        }
        return List.of();
    }

    /** Adds the A/AAAA records of {@code target} found in any section of {@code m}; returns their smallest TTL. */
    private static long addresses(Message m, Name target, List<InetAddress> out) {
        long ttl = Long.MAX_VALUE;
        for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
            for (org.xbill.DNS.Record r : m.getSection(section)) {
                if (!r.getName().equals(target) || out.size() >= MAX_ADDRESSES) {
                    continue;
                }
                InetAddress a = r instanceof ARecord ar ? ar.getAddress()
                        : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
                if (a != null && !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isMulticastAddress()
                        && !out.contains(a)) {
                    out.add(a);
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
        }
        return ttl;
    }

    private Message query(Name name, int type) throws IOException {
        Message answer = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN)));
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new ServerFailure(Rcode.string(rcode) + " for " + name + " " + Type.string(type));
        }
        return answer;
    }

    /** RFC 2308: the SOA's minimum, capped by its own TTL, else a default. */
    private static long negativeTtl(Message answer) {
        for (org.xbill.DNS.Record r : answer.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(soa.getMinimum(), soa.getTTL());
            }
        }
        return DEFAULT_NEGATIVE_TTL;
    }

    /**
     * A label as it is, for a name built with {@link Name#concatenate}: dnsjava's text form needs escapes for
     * spaces, dots, parentheses and non-ASCII (as {@code \DDD} of the UTF-8 bytes).
     */
    static Name label(String label) throws TextParseException {
        StringBuilder b = new StringBuilder();
        for (byte by : label.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                b.append((char) c);
            } else {
                b.append('\\').append(String.format("%03d", c));
            }
        }
        return Name.fromString(b.toString());
    }

    /** {@code office.example} as an absolute name. */
    static Name domain(String domain) throws TextParseException {
        return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
    }

    /** The name for people: no trailing dot, escapes undone where printable. */
    static String show(Name name) {
        return name.toString(true);
    }
}
