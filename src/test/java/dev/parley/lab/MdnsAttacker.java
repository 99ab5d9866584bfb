package dev.parley.lab;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.constants.DNSRecordClass;

/**
 * Test fixture: a hostile mDNS speaker, run in its own JVM on a lab host (never on this machine's own
 * network). It uses JmDNS directly, so it can register {@code _parley._tcp} instances with any name and
 * any TXT bytes ({@code ServiceInfo.create(type, name, port, weight, priority, byte[] text)}), and it runs
 * a TCP server that answers every connection with random bytes.
 *
 * <p>Prints {@code READY <address> garbage=<port> closed=<port> tarpit=<port>} first ({@code closed}: a
 * port nothing listens on, so a dial there is refused at once; {@code tarpit}: a port that takes
 * connections and never says a word, so a dial there waits out its handshake timeout). Then reads commands, one a line, and answers:
 * <pre>
 * hostile VICTIM_FP PORT  announcements with hostile TXT, pointing at PORT: one line
 *                         "HOSTILE label accept|reject fp" each ("accept": a victim must show fp, with a
 *                         sanitised nickname; "reject": fp must never appear), then "OK hostile"
 * flood N PORT            N instances with random well-formed fingerprints: "FAKE fp" each, then "OK flood"
 * ghosts N                N instance names announced by PTR records alone, crafted with JmDNS's packet
 *                         classes: nothing ever resolves them, so a victim's every resolution request
 *                         waits for JmDNS's full 200 ms; "OK ghosts"
 * claim FP NICK PORT      one instance announcing someone else's fingerprint FP here: "OK claim"
 * impersonate FP NICK N PORT  N instances, each under a name of its own, announcing FP here at PORT (a
 *                         closed port: dead hints, issue 13 item 2): "OK impersonate"
 * withdraw                unregisters everything, with goodbyes (ghosts too): "OK withdraw"
 * quit                    closes and exits (so does the end of input)
 * </pre>
 * Each command's services go to a JmDNS of their own (the oversized TXT to one more), so that a record the
 * library chokes on cannot hold up the others.
 */
public final class MdnsAttacker {
    static final String TYPE = "_parley._tcp.local.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InetAddress address;
    private final PrintStream out;
    private final List<JmDNS> instances = new ArrayList<>();
    private JmDNS ghostDns;
    private int count;
    private int ghosts;

    private MdnsAttacker(InetAddress address, PrintStream out) {
        this.address = address;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String ifc = args.length > 0 ? args[0] : "eth0";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        InetAddress address = Collections.list(NetworkInterface.getByName(ifc).getInetAddresses()).stream()
                .filter(a -> a instanceof Inet4Address).findFirst().orElseThrow();
        ServerSocket garbage = new ServerSocket(0);
        Thread server = new Thread(() -> serveGarbage(garbage), "garbage-server");
        server.setDaemon(true);
        server.start();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MdnsAttacker attacker = new MdnsAttacker(address, out);
        // never accepted: connections wait in the backlog, so a dial there hangs until its timeout
        ServerSocket tarpit = new ServerSocket(0, 4096);
        out.println("READY " + address.getHostAddress() + " garbage=" + garbage.getLocalPort() + " closed=" + closed
                + " tarpit=" + tarpit.getLocalPort());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            attacker.execute(line.split(" "));
        }
        attacker.instances.forEach(j -> {
            try {
                j.close();
            } catch (IOException e) {
                // exiting anyway
            }
        });
        tarpit.close();
        System.exit(0);
    }

    private void execute(String[] c) throws IOException {
        switch (c[0]) {
            case "hostile" -> hostile(c[1], Integer.parseInt(c[2]));
            case "flood" -> flood(Integer.parseInt(c[1]), Integer.parseInt(c[2]));
            case "claim" -> {
                register(jmdns(), "spoof (" + c[1].substring(7, 15) + ")", Integer.parseInt(c[3]),
                        txt("v=1", "nick=" + c[2], "fp=" + c[1], "nk=0"));
                out.println("OK claim");
            }
            case "impersonate" -> {
                JmDNS j = jmdns();
                for (int i = 0; i < Integer.parseInt(c[3]); i++) {
                    register(j, c[2] + " fake " + i + " (" + c[1].substring(7, 15) + ")", Integer.parseInt(c[4]),
                            txt("v=1", "nick=" + c[2], "fp=" + c[1], "nk=0"));
                }
                out.println("OK impersonate");
            }
            case "ghosts" -> {
                ghosts(Integer.parseInt(c[1]), DNSConstants.DNS_TTL);
                out.println("OK ghosts");
            }
            case "withdraw" -> {
                long t0 = System.nanoTime();
                if (ghosts > 0) {
                    ghosts(ghosts, 0);
                }
                instances.parallelStream().forEach(JmDNS::unregisterAllServices);
                out.println("OK withdraw " + (System.nanoTime() - t0) / 1_000_000);
            }
            default -> out.println("ERROR unknown command " + c[0]);
        }
    }

    private void hostile(String victim, int port) throws IOException {
        // over Parley's 1300-byte limit (with a good fp first), yet small enough for JmDNS to send in one
        // packet; in a JmDNS of its own, in case the library chokes on it
        String hugeFp = fingerprint();
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        huge.writeBytes(txt("v=1", "fp=" + hugeFp, "nk=0"));
        while (huge.size() < 1340) {
            huge.writeBytes(txt("pad=" + "A".repeat(Math.min(200, 1340 - huge.size()))));
        }
        hostile(jmdns(), "huge", false, hugeFp, port, huge.toByteArray());
        JmDNS j = jmdns();
        byte[] binary = new byte[600];
        RANDOM.nextBytes(binary);
        hostile(j, "binary", false, "-", port, binary);
        String esc = fingerprint();
        hostile(j, "escapes", true, esc, port, txt("v=1",
                "nick=\u001b[2J\u001b]0;owned\u0007\u009b31m\u202eevil\u2066\r\n\u0000\u007f\u0085 one", "fp=" + esc, "nk=0"));
        String utf = fingerprint();
        byte[] badUtf8 = {'n', 'i', 'c', 'k', '=', (byte) 0xff, (byte) 0xfe, 'b', (byte) 0xc3, 0x28, (byte) 0xed,
                (byte) 0xa0, (byte) 0x80, (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0xc0, (byte) 0x80, 'z'};
        hostile(j, "bad-utf8", true, utf, port, concat(txt("v=1", "fp=" + utf, "nk=0"), lengthPrefixed(badUtf8)));
        String longNick = fingerprint();
        hostile(j, "long-nick", true, longNick, port, txt("v=1", "nick=" + "é".repeat(120), "fp=" + longNick, "nk=0"));
        hostile(j, "fp-short", false, "-", port, txt("v=1", "nick=short", "fp=SHA256:abc", "nk=0"));
        hostile(j, "fp-not-base64", false, "-", port, txt("v=1", "nick=x", "fp=SHA256:" + "!".repeat(43), "nk=0"));
        String canonical = fingerprint();
        String tail = nonCanonical(canonical);
        hostile(j, "fp-tail", false, tail, port, txt("v=1", "nick=tail", "fp=" + tail, "nk=0"));
        hostile(j, "fp-escape", false, "-", port, txt("v=1", "nick=x", "fp=SHA256:\u001b[31m" + "A".repeat(38), "nk=0"));
        String v0 = fingerprint();
        hostile(j, "version-0", false, v0, port, txt("v=0", "nick=v0", "fp=" + v0, "nk=0"));
        String nk2 = fingerprint();
        hostile(j, "nk-2", false, nk2, port, txt("v=1", "nick=nk", "fp=" + nk2, "nk=2"));
        String overrun = fingerprint();
        hostile(j, "overrun", false, overrun, port, concat(txt("v=1", "fp=" + overrun, "nk=0"), new byte[] {(byte) 200, 'a', 'b'}));
        String many = fingerprint();
        List<String> strings = new ArrayList<>(List.of("v=1", "fp=" + many, "nk=0"));
        for (int i = 0; i < 40; i++) {
            strings.add("k" + i + "=1");
        }
        hostile(j, "too-many", false, many, port, txt(strings.toArray(String[]::new)));
        String first = fingerprint();
        String second = fingerprint();
        hostile(j, "fp-twice", true, first, port, txt("v=1", "nick=twice", "fp=" + first, "fp=" + second, "nk=0"));
        out.println("HOSTILE fp-twice-second reject " + second);
        hostile(j, "own-fp", false, victim, port, txt("v=1", "nick=me", "fp=" + victim, "nk=0"));
        String named = fingerprint();
        register(j, "\u001b[31mred\u0007 (" + named.substring(7, 15) + ")", port, txt("v=1", "nick=named", "fp=" + named, "nk=0"));
        out.println("HOSTILE escaped-name accept " + named);
        out.println("OK hostile");
    }

    private void hostile(JmDNS j, String label, boolean accept, String fp, int port, byte[] text) throws IOException {
        register(j, label + " " + (++count), port, text);
        out.println("HOSTILE " + label + " " + (accept ? "accept" : "reject") + " " + fp);
    }

    private void flood(int n, int port) throws IOException {
        JmDNS j = jmdns();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String fp = fingerprint();
            register(j, "fake " + i + " (" + fp.substring(7, 15) + ")", port, txt("v=1", "nick=fake" + i, "fp=" + fp, "nk=0"));
            out.println("FAKE " + fp);
        }
        out.println("OK flood " + (System.nanoTime() - t0) / 1_000_000);
    }

    /** Announces (ttl > 0) or withdraws (ttl 0) PTR records for ghost instances 0..n-1, as few packets as fit. */
    private void ghosts(int n, int ttl) throws IOException {
        JmDNSImpl j = (JmDNSImpl) (ghostDns != null ? ghostDns : (ghostDns = jmdns()));
        DNSOutgoing packet = response();
        for (int i = 0; i < n; i++) {
            DNSRecord ptr = new DNSRecord.Pointer(TYPE, DNSRecordClass.CLASS_IN, false, ttl, "ghost " + i + "." + TYPE);
            try {
                packet.addAnswer(ptr, 0);
            } catch (IOException full) {
                j.send(packet);
                packet = response();
                packet.addAnswer(ptr, 0);
            }
        }
        j.send(packet);
        ghosts = ttl > 0 ? n : 0;
    }

    private static DNSOutgoing response() {
        return new DNSOutgoing(DNSConstants.FLAGS_QR_RESPONSE | DNSConstants.FLAGS_AA, true, DNSConstants.MAX_MSG_TYPICAL);
    }

    private JmDNS jmdns() throws IOException {
        String host = "attacker" + instances.size();
        JmDNS j = JmDNS.create(InetAddress.getByAddress(host, address.getAddress()), host);
        instances.add(j);
        return j;
    }

    private static void register(JmDNS j, String name, int port, byte[] text) throws IOException {
        j.registerService(ServiceInfo.create(TYPE, name, port, 0, 0, text));
    }

    /** A well-formed fingerprint nobody holds. */
    static String fingerprint() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(b);
    }

    /** The same 43 characters but the last, which now sets the bits past the 256th (not a canonical encoding). */
    static String nonCanonical(String fp) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int last = alphabet.indexOf(fp.charAt(fp.length() - 1));
        return fp.substring(0, fp.length() - 1) + alphabet.charAt(last | 1);
    }

    private static byte[] txt(String... strings) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : strings) {
            b.writeBytes(lengthPrefixed(s.getBytes(StandardCharsets.UTF_8)));
        }
        return b.toByteArray();
    }

    private static byte[] lengthPrefixed(byte[] s) {
        byte[] out = new byte[s.length + 1];
        out[0] = (byte) s.length;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Accepts every connection, writes 4 KiB of random bytes and hangs up. */
    private static void serveGarbage(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept(); OutputStream o = s.getOutputStream()) {
                byte[] junk = new byte[4096];
                RANDOM.nextBytes(junk);
                o.write(junk);
            } catch (IOException e) {
                // the dialler hung up first: next one
            }
        }
    }
}
