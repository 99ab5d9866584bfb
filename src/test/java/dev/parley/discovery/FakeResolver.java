package dev.parley.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A DNS server in memory: queries are answered with the records {@link #zone} holds for the name and type
 * asked (plus whatever {@link #extra} adds, to play a hostile server); updates go to {@link #onUpdate}.
 * Every message sent is kept. Thread-safe enough for one resolver thread and the test thread.
 */
final class FakeResolver implements Resolver {
    final List<org.xbill.DNS.Record> zone = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();
    volatile Function<Message, List<org.xbill.DNS.Record>> extra = q -> List.of();
    volatile Function<Message, Integer> onUpdate = u -> Rcode.NOERROR;
    volatile TSIG key;

    @Override
    public synchronized CompletionStage<Message> sendAsync(Message query) {
        if (key != null) {
            query.setTSIG(key);
        }
        Message q = query.clone();
        try {
            q = new Message(query.toWire(Message.MAXLENGTH)); // as a server would see it, TSIG included
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        sent.add(q);
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        if (q.getHeader().getOpcode() == org.xbill.DNS.Opcode.UPDATE) {
            answer.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
            answer.getHeader().setRcode(onUpdate.apply(q));
            return CompletableFuture.completedFuture(answer);
        }
        org.xbill.DNS.Record question = q.getQuestion();
        answer.addRecord(question, Section.QUESTION);
        for (org.xbill.DNS.Record r : zone) {
            if (r.getName().equals(question.getName()) && r.getType() == question.getType()) {
                answer.addRecord(r, Section.ANSWER);
            }
        }
        for (org.xbill.DNS.Record r : extra.apply(q)) {
            answer.addRecord(r, Section.ANSWER);
        }
        return CompletableFuture.completedFuture(answer);
    }

    synchronized List<Message> sent() {
        return new ArrayList<>(sent);
    }

    @Override public void setPort(int port) { }
    @Override public void setTCP(boolean flag) { }
    @Override public void setIgnoreTruncation(boolean flag) { }
    @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) { }
    @Override public void setTSIGKey(TSIG key) { this.key = key; }
    @Override public void setTimeout(Duration timeout) { }
}
