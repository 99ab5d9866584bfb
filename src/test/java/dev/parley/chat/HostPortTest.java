package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void ipv4WithAndWithoutPort() throws Exception {
        InetSocketAddress a = HostPort.parse("10.77.0.2:9000");
        assertFalse(a.isUnresolved());
        assertEquals("10.77.0.2", a.getAddress().getHostAddress());
        assertEquals(9000, a.getPort());
        assertEquals(7447, HostPort.parse("10.77.0.2").getPort());
    }

    @Test
    void ipv6InBracketsOrBare() throws Exception {
        InetSocketAddress a = HostPort.parse("[2001:db8::1]:8000");
        assertEquals(8000, a.getPort());
        assertEquals("[2001:db8::1]:8000", HostPort.format(a));
        assertEquals(7447, HostPort.parse("[::1]").getPort());
        assertEquals(7447, HostPort.parse("::1").getPort());
        assertFalse(HostPort.parse("::1").isUnresolved());
    }

    @Test
    void hostNamesStayUnresolved() throws Exception {
        InetSocketAddress a = HostPort.parse("bob-laptop.lan:7500");
        assertTrue(a.isUnresolved());
        assertEquals("bob-laptop.lan:7500", HostPort.format(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "host:", "host:0", "host:65536", "host:12x", "1.2.3", "300.1.1.1",
            "[::1", "[::1]x", "[zz::1]", "[abc]", "bad_host!", "a b", "-host", "host:80:90x"})
    void refusesMalformedAddresses(String s) {
        ChatException e = assertThrows(ChatException.class, () -> HostPort.parse(s));
        assertEquals("bad-address", e.code());
    }

    @Test
    void formatPrintsIpv4() throws Exception {
        assertEquals("10.0.0.1:7447", HostPort.format(HostPort.parse("10.0.0.1")));
    }

    @Test
    void ipv6IsPrintedShortAsRfc5952Says() throws Exception {
        for (String[] c : new String[][] {{"::1", "::1"}, {"::", "::"}, {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
                {"2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"}, {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"},
                {"1::", "1::"}, {"fe80::1%1", "fe80::1%1"}}) {
            assertEquals("[" + c[1] + "]:1", HostPort.format(HostPort.parse("[" + c[0] + "]:1")), c[0]);
        }
    }

    @Test
    void aLinkLocalAddressWithoutItsInterfaceIsRefusedWithTheHint() {
        ChatException e = assertThrows(ChatException.class, () -> HostPort.parse("fe80::1"));
        assertEquals("bad address 'fe80::1': a link-local address needs its interface, as in [fe80::1%eth0]:7447 "
                + "(expected HOST[:PORT])", e.getMessage());
        assertThrows(ChatException.class, () -> HostPort.parse("[fe80::1]:8000"));
    }
}
