package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** A dial's failure is worded for users: no Java class names, even where the exception has no message. */
class DescribeTest {
    @Test
    void anUnresolvableNameSaysSoInWords() {
        // a channel's socket throws it without a message, which was shown as "UnknownHostException"
        assertEquals("no such host (the name does not resolve)", PeerNetwork.describe(new UnknownHostException()));
        assertEquals("no such host (the name does not resolve)", PeerNetwork.describe(new UnknownHostException("x.lan")));
    }

    @Test
    void refusedAndTimedOutAreWords() {
        assertEquals("connection refused (no Parley listening at that address and port)",
                PeerNetwork.describe(new ConnectException("Connection refused")));
        assertEquals("no answer in time", PeerNetwork.describe(new SocketTimeoutException("Connect timed out")));
        assertEquals("Network is unreachable", PeerNetwork.describe(new ConnectException("Network is unreachable")));
    }
}
