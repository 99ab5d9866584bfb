package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    /** A connection that remembers being closed. */
    private static final class Conn implements Closeable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private static InetAddress host(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i});
    }

    @Test
    void anAddressAtItsShareIsRefused() throws Exception {
        Admission a = new Admission(10, 2);
        assertNotNull(a.admit(host(1), new Conn()));
        assertNotNull(a.admit(host(1), new Conn()));
        assertNull(a.admit(host(1), new Conn()));
        assertNotNull(a.admit(host(2), new Conn()), "other addresses still get in");
    }

    @Test
    void whenFullTheOldestConnectionOfTheBusiestAddressMakesRoom() throws Exception {
        Admission a = new Admission(4, 3);
        Conn legit = new Conn();
        Conn staller1 = new Conn();
        Conn staller2 = new Conn();
        Conn staller3 = new Conn();
        a.admit(host(9), staller1);
        a.admit(host(1), legit);
        a.admit(host(9), staller2);
        a.admit(host(9), staller3);
        assertNotNull(a.admit(host(2), new Conn()), "a newcomer is admitted although all slots were taken");
        assertTrue(staller1.closed, "the oldest of the address holding most slots was evicted");
        assertFalse(legit.closed, "the older connection of a lone address was kept");
        assertEquals(4, a.total());
        assertEquals(1, a.evictions());
    }

    @Test
    void amongEqualAddressesTheOldestIsEvicted() throws Exception {
        Admission a = new Admission(3, 8);
        List<Conn> conns = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Conn c = new Conn();
            conns.add(c);
            a.admit(host(i), c);
        }
        a.admit(host(4), new Conn());
        assertEquals(List.of(true, false, false), conns.stream().map(c -> c.closed).toList());
    }

    @Test
    void releaseFreesTheSlotOnceAndAnEvictedTicketsReleaseIsANoOp() throws Exception {
        Admission a = new Admission(2, 2);
        Admission.Ticket first = a.admit(host(1), new Conn());
        Admission.Ticket second = a.admit(host(2), new Conn());
        Admission.Ticket third = a.admit(host(3), new Conn()); // evicts first
        first.release();
        assertEquals(2, a.total(), "the evicted ticket no longer held a slot");
        second.release();
        second.release();
        assertEquals(1, a.total());
        third.release();
        assertEquals(0, a.total());
        assertNotNull(a.admit(host(1), new Conn()));
        assertNotNull(a.admit(host(1), new Conn()), "host 1's evicted connection no longer counts for it");
    }

    @Test
    void aConnectionPastItsM1OutlivesAFloodOfStallersFromAnyNumberOfAddresses() throws Exception {
        Admission a = new Admission(4, 8, 1000, 0); // evicted threads end at once here: no cap in the way
        Conn legit = new Conn();
        a.admit(host(1), legit).sentValidM1(); // the oldest, and its address no busier than any other
        List<Admission.Ticket> stallers = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // one connection from each of 200 addresses, none with an M1
            Admission.Ticket t = a.admit(host(10 + i), new Conn());
            assertNotNull(t);
            stallers.add(t);
        }
        assertFalse(legit.closed, "the handshake past its M1 was evicted for a staller");
        assertEquals(4, a.total());
        assertEquals(197, a.evictions());
    }

    @Test
    void whenEveryConnectionIsPastItsM1TheOldestOfTheBusiestAddressGoes() throws Exception {
        Admission a = new Admission(3, 8);
        Conn first = new Conn();
        Conn second = new Conn();
        Conn third = new Conn();
        a.admit(host(1), first).sentValidM1();
        a.admit(host(2), second).sentValidM1();
        a.admit(host(2), third).sentValidM1();
        a.admit(host(3), new Conn());
        assertEquals(List.of(false, true, false), List.of(first.closed, second.closed, third.closed));
    }

    @Test
    void evictedThreadsStillEndingAreCappedSoANewcomerIsRefusedAfterAWait() throws Exception {
        Admission a = new Admission(2, 8, 1, 50);
        Admission.Ticket first = a.admit(host(1), new Conn());
        a.admit(host(2), new Conn());
        assertNotNull(a.admit(host(3), new Conn()), "evicts the first, whose thread now unwinds");
        assertEquals(1, a.unwinding());
        Conn refused = new Conn();
        assertNull(a.admit(host(4), refused), "a second eviction would exceed the threads' cap");
        assertEquals(1, a.refusedWhileUnwinding());
        assertEquals(1, a.evictions());
        first.release(); // the evicted thread ended
        assertEquals(0, a.unwinding());
        assertNotNull(a.admit(host(4), new Conn()), "with the unwinding thread gone, eviction makes room again");
        assertEquals(2, a.total());
        assertEquals(1, a.unwinding());
    }

    @Test
    void aNewcomerWaitingForAnUnwindingThreadIsAdmittedOnceItEnds() throws Exception {
        Admission a = new Admission(1, 8, 1, 20_000);
        Admission.Ticket first = a.admit(host(1), new Conn());
        Admission.Ticket second = a.admit(host(2), new Conn()); // evicts first: unwinding
        assertNotNull(second);
        java.util.concurrent.CompletableFuture<Admission.Ticket> third = new java.util.concurrent.CompletableFuture<>();
        InetAddress from = host(3);
        Thread accepting = new Thread(() -> third.complete(a.admit(from, new Conn())), "accept");
        accepting.start();
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (accepting.getState() != Thread.State.TIMED_WAITING) { // polling, with a deadline, for the wait
            assertTrue(System.nanoTime() < end, "the newcomer never waited");
            Thread.onSpinWait();
        }
        assertFalse(third.isDone());
        first.release();
        assertNotNull(third.get(10, java.util.concurrent.TimeUnit.SECONDS), "admitted once the evicted thread ended");
        assertEquals(1, a.total());
        assertEquals(1, a.unwinding(), "the second is unwinding now");
    }

    @Test
    void aNewcomerWaitingIsAdmittedOnceAnAdmittedConnectionEndsNormally() throws Exception {
        // The wait (60 s) is far longer than the 10 s we wait for the result: admitted in time only if woken.
        Admission a = new Admission(1, 8, 1, 60_000);
        a.admit(host(1), new Conn());
        Admission.Ticket second = a.admit(host(2), new Conn()); // evicts first: unwinding, and the cap is reached
        assertNotNull(second);
        java.util.concurrent.CompletableFuture<Admission.Ticket> third = new java.util.concurrent.CompletableFuture<>();
        InetAddress from = host(3);
        Thread accepting = new Thread(() -> third.complete(a.admit(from, new Conn())), "accept");
        accepting.setDaemon(true);
        accepting.start();
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (accepting.getState() != Thread.State.TIMED_WAITING) { // polling, with a deadline, for the wait
            assertTrue(System.nanoTime() < end, "the newcomer never waited");
            Thread.onSpinWait();
        }
        assertFalse(third.isDone());
        second.release(); // a normal end, not an eviction: it frees a slot
        assertNotNull(third.get(10, java.util.concurrent.TimeUnit.SECONDS), "woken and admitted into the freed slot");
        assertEquals(1, a.total());
        assertEquals(1, a.unwinding(), "the first is still unwinding: no eviction was needed");
        assertEquals(1, a.evictions());
    }
}
