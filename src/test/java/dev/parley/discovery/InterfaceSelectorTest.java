package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.discovery.InterfaceSelector.Description;
import dev.parley.discovery.InterfaceSelector.Selected;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceSelectorTest {
    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Description up(String name, String... addrs) {
        return new Description(name, true, false, true, java.util.Arrays.stream(addrs).map(InterfaceSelectorTest::ip).toList());
    }

    static final List<Description> MACHINE = List.of(
            new Description("lo", true, true, false, List.of(ip("127.0.0.1"), ip("::1"))),
            up("eth0", "fe80::1", "192.168.1.20"),
            up("wlan0", "169.254.3.4", "10.0.0.7"),
            up("docker0", "172.17.0.1"),
            up("br-5f2e", "172.18.0.1"),
            up("veth12ab", "169.254.9.9"),
            up("virbr0", "192.168.122.1"),
            new Description("eth1", false, false, true, List.of(ip("10.9.9.9"))),
            new Description("tun0", true, false, false, List.of(ip("10.8.0.2"))),
            up("eth2", "fe80::2"),
            up("usb0", "169.254.7.7"));

    static List<String> names(List<Selected> s) {
        return s.stream().map(x -> x.name() + "=" + x.address().getHostAddress()).toList();
    }

    @Test
    void defaultTakesUpMulticastIpv4InterfacesAndSkipsVirtualOnes() throws Exception {
        assertEquals(List.of("eth0=192.168.1.20", "wlan0=10.0.0.7", "usb0=169.254.7.7"),
                names(InterfaceSelector.select(MACHINE, List.of())));
    }

    @Test
    void explicitNamesChooseExactlyThoseEvenIfTheDefaultWouldSkipThem() throws Exception {
        assertEquals(List.of("docker0=172.17.0.1", "eth0=192.168.1.20"),
                names(InterfaceSelector.select(MACHINE, List.of("docker0", "eth0", "docker0"))));
    }

    @Test
    void unknownNameIsAClearError() {
        InterfaceSelectionException e = assertThrows(InterfaceSelectionException.class,
                () -> InterfaceSelector.select(MACHINE, List.of("eth0", "etho")));
        assertTrue(e.getMessage().startsWith("no network interface named 'etho' (have: lo, eth0, wlan0"), e.getMessage());
    }

    @Test
    void explicitInterfaceMustBeUsable() {
        assertEquals("network interface 'eth1' is down", assertThrows(InterfaceSelectionException.class,
                () -> InterfaceSelector.select(MACHINE, List.of("eth1"))).getMessage());
        assertEquals("network interface 'tun0' does not support multicast", assertThrows(InterfaceSelectionException.class,
                () -> InterfaceSelector.select(MACHINE, List.of("tun0"))).getMessage());
        assertEquals("network interface 'eth2' has no IPv4 address", assertThrows(InterfaceSelectionException.class,
                () -> InterfaceSelector.select(MACHINE, List.of("eth2"))).getMessage());
    }

    @Test
    void noCandidatesGivesAnEmptyChoice() throws Exception {
        assertEquals(List.of(), InterfaceSelector.select(List.of(MACHINE.get(0)), List.of()));
    }
}
