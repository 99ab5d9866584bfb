package dev.parley.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The records that register us in a unicast DNS-SD domain by dynamic update (RFC 2136), and the updates
 * that write and withdraw them:
 * <pre>
 * _parley._tcp.DOMAIN                 PTR  alice\ (Ab3dE9xQ)._parley._tcp.DOMAIN
 * alice\ (Ab3dE9xQ)._parley._tcp.DOMAIN SRV  0 0 PORT parley-ab3de9xq.DOMAIN
 * alice\ (Ab3dE9xQ)._parley._tcp.DOMAIN TXT  v=1 nick=alice fp=SHA256:... nk=0
 * parley-ab3de9xq.DOMAIN              A    each address (AAAA for IPv6)
 * </pre>
 * Every record has the same TTL ({@value #TTL} s; Knot forces one TTL per RRset). An update first deletes
 * the SRV, TXT and addresses of our names, so a restart or a new address replaces stale records, and the
 * PTR of an instance name we used before (a nickname change). Immutable; builds messages only.
 */
final class DnsSdRegistration {
    static final long TTL = 120;

    private final Name zone;
    private final Name service;
    private final Name instance;
    private final Name host;
    private final byte[] txt;
    private final int port;
    private final List<InetAddress> addresses;

    DnsSdRegistration(Name zone, Advertisement ad, List<InetAddress> addresses) throws IOException {
        this.zone = zone;
        try {
            this.service = Name.concatenate(DnsSdClient.SERVICE, zone);
            this.instance = Name.concatenate(DnsSdClient.label(InstanceNames.instance(ad.nickname(), ad.fingerprint())),
                    service);
            this.host = Name.concatenate(DnsSdClient.label(hostLabel(ad.fingerprint())), zone);
        } catch (NameTooLongException | TextParseException e) {
            throw new IOException("the domain " + zone + " is too long for our names", e);
        }
        this.txt = TxtRecord.encode(ad);
        this.port = ad.port();
        this.addresses = List.copyOf(addresses);
    }

    /** {@code parley-ab3de9xq}: the fingerprint's short form as a host label. */
    static String hostLabel(String fingerprint) {
        return "parley-" + FingerprintFormat.shortForm(fingerprint).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
    }

    Name zone() {
        return zone;
    }

    Name instance() {
        return instance;
    }

    Name host() {
        return host;
    }

    /** The update that writes our records, replacing ours of before; {@code previous} is the registration it replaces, or null. */
    Update register(DnsSdRegistration previous) {
        Update u = new Update(zone);
        if (previous != null && !previous.instance.equals(instance)) {
            u.delete(previous.pointer());
            u.delete(previous.instance);
        }
        u.delete(instance, Type.SRV);
        u.delete(instance, Type.TXT);
        u.delete(host, Type.A);
        u.delete(host, Type.AAAA);
        u.add(pointer());
        u.add(new SRVRecord(instance, DClass.IN, TTL, 0, 0, port, host));
        u.add(org.xbill.DNS.Record.newRecord(instance, Type.TXT, DClass.IN, TTL, txt));
        for (InetAddress a : addresses) {
            u.add(a instanceof Inet4Address ? new ARecord(host, DClass.IN, TTL, a) : new AAAARecord(host, DClass.IN, TTL, a));
        }
        return u;
    }

    /** The update that withdraws our records: our PTR only (others' stay), and every record of our two names. */
    Update withdraw() {
        Update u = new Update(zone);
        u.delete(pointer());
        u.delete(instance);
        u.delete(host);
        return u;
    }

    private PTRRecord pointer() {
        return new PTRRecord(service, DClass.IN, TTL, instance);
    }

    /** Whether this registration writes the same records as {@code other}. */
    boolean sameAs(DnsSdRegistration other) {
        return other != null && instance.equals(other.instance) && port == other.port
                && java.util.Arrays.equals(txt, other.txt) && addresses.equals(other.addresses) && zone.equals(other.zone);
    }
}
