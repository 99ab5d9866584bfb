package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Front-end threads sending while a "net reader" thread acknowledges: nothing lost, nothing twice. */
class ConcurrencyTest {

    @Test
    void sendersAndAnAckingReaderRaceSafely() throws Exception {
        TestPeer bob = TestPeer.named("bob");
        Node a = Node.started(TestPeer.named("alice"));
        BlockingQueue<ChatRecord> wire = new LinkedBlockingQueue<>();
        FakeSession ab = FakeSession.of(bob).sink(wire::add);
        a.engine.sessionUp(ab);

        int senders = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            int thread = t;
            sent.add(pool.submit(() -> {
                go.await();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ids.add(a.engine.send(bob.fingerprint(), thread + ":" + i).id());
                    a.engine.peers();
                }
                return ids;
            }));
        }
        Future<Integer> acker = pool.submit(() -> {
            go.await();
            int acked = 0;
            while (acked < senders * each) {
                ChatRecord r = wire.poll(10, TimeUnit.SECONDS);
                if (r == null) {
                    return acked;
                }
                if (r instanceof ChatRecord.Text t) {
                    a.engine.received(ab, new ChatRecord.Ack(t.id()));
                    acked++;
                }
            }
            return acked;
        });
        go.countDown();
        Set<String> all = new HashSet<>();
        for (Future<List<String>> f : sent) {
            all.addAll(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(senders * each, acker.get(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(senders * each, all.size(), "ids are unique");
        List<ChatRecord.Text> onWire = ab.sent(ChatRecord.Text.class);
        assertEquals(senders * each, onWire.size(), "each message went out once");
        for (int t = 0; t < senders; t++) {
            String prefix = t + ":";
            List<Integer> order = onWire.stream().map(ChatRecord.Text::text).filter(s -> s.startsWith(prefix))
                    .map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            for (int i = 0; i < each; i++) {
                assertEquals(i, order.get(i), "one thread's messages keep their order");
            }
        }
        assertTrue(a.engine.undelivered().isEmpty());
        assertTrue(a.engine.conversation(bob.fingerprint()).stream()
                .allMatch(m -> m.status() == MessageStatus.DELIVERED));
    }
}
