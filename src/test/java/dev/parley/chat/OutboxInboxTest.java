package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxInboxTest {
    private static Outbox.Outgoing msg(long seq, int bytes) {
        return new Outbox.Outgoing(seq, new ChatRecord.Text(String.format("%032x", seq), 0, "x".repeat(bytes)), bytes);
    }

    @Test
    void theWindowHoldsBackMessagesBeyondItUntilAcknowledgementsMakeRoom() {
        Outbox o = new Outbox();
        for (int i = 0; i < Outbox.WINDOW + 10; i++) {
            o.add(msg(i, 10));
        }
        int taken = 0;
        Outbox.Outgoing next;
        while ((next = o.nextSendable()) != null) {
            o.taken(next);
            taken++;
        }
        assertEquals(Outbox.WINDOW, taken);
        assertTrue(o.acknowledge(String.format("%032x", 0)));
        assertNotNull(o.nextSendable(), "one acknowledged, one more may go");
        assertFalse(o.acknowledge(String.format("%032x", 0)), "acknowledged once only");
    }

    @Test
    void theWindowIsAlsoBoundedInBytesButAlwaysLetsOneMessageGo() {
        Outbox o = new Outbox();
        o.add(msg(0, Outbox.WINDOW_BYTES + 5));
        o.add(msg(1, 10));
        Outbox.Outgoing first = o.nextSendable();
        assertNotNull(first, "one message larger than the window still goes");
        o.taken(first);
        assertNull(o.nextSendable(), "nothing beside it");
    }

    @Test
    void requeuedMessagesKeepTheirOrder() {
        Outbox o = new Outbox();
        for (int i = 0; i < 5; i++) {
            o.add(msg(i, 1));
        }
        o.taken(o.nextSendable());
        o.taken(o.nextSendable());
        assertEquals(2, o.requeueInflight().size());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), o.pending().stream().map(Outbox.Outgoing::seq).toList());
        assertEquals(0, o.inflightCount());
    }

    @Test
    void theInboxTellsDuplicatesApartAndFillsAtItsBound() {
        Inbox in = new Inbox();
        String id = String.format("%032x", 7);
        assertEquals(Inbox.Arrival.FRESH, in.arrived(id, 10, true));
        assertEquals(Inbox.Arrival.DUPLICATE_WAITING, in.arrived(id, 10, true), "not acknowledged until handed over");
        assertTrue(in.handedOver(id));
        assertFalse(in.handedOver(id), "handed over once");
        assertEquals(Inbox.Arrival.DUPLICATE, in.arrived(id, 10, true));
        for (int i = 0; i < Inbox.MAX_UNHANDED; i++) {
            assertFalse(in.full(), "full only at the bound, at " + i);
            in.arrived(String.format("%032x", 100 + i), 10, true);
        }
        assertTrue(in.full());
        in.handedOver(String.format("%032x", 100));
        assertFalse(in.full());
    }

    @Test
    void theInboxIsBoundedInBytes() {
        Inbox in = new Inbox();
        in.arrived(String.format("%032x", 1), Inbox.MAX_UNHANDED_BYTES, true);
        assertTrue(in.full());
    }

    @Test
    void recentIdsForgetTheOldestBeyondTheirCapacity() {
        RecentIds ids = new RecentIds(3);
        for (int i = 0; i < 4; i++) {
            assertTrue(ids.add(String.format("%032x", i)));
        }
        assertEquals(3, ids.size());
        assertTrue(ids.add(String.format("%032x", 0)), "the oldest was forgotten");
        assertFalse(ids.add(String.format("%032x", 3)));
        assertTrue(ids.add("not-hex"));
        assertFalse(ids.add("not-hex"), "any string works, kept as it is");
    }
}
