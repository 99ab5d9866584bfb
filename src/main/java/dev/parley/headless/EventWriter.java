package dev.parley.headless;

import dev.parley.chat.ChatMessage;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the queued events, one JSON line each, on its own thread ({@link #run}, on a thread the app
 * names {@code parley-headless-out}). It takes everything waiting at once, writes it, and flushes
 * when nothing more waits (or every {@value #FLUSH_EVERY_LINES} lines), so lines are batched under load.
 * Once the lines of received messages are flushed, it hands those messages over (the engine then
 * acknowledges them to their senders): never before, and holding no lock. A broken output (EPIPE) ends
 * writing, logged once; what waits is then discarded and never handed over.
 *
 * <p>{@link #run} on the writer thread only; {@link #drain} from any thread.
 */
final class EventWriter implements Runnable {
    /** A flush at least this often, so that messages are handed over while a burst is still being written. */
    static final int FLUSH_EVERY_LINES = 1_024;
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final EventQueue queue;
    private final Writer out;
    private final Consumer<List<ChatMessage>> handedOver;
    private final List<ChatMessage> unflushed = new ArrayList<>(); // writer thread only
    private int unflushedLines; // writer thread only
    /** When a write or flush last returned (System.nanoTime). */
    private volatile long lastProgress = System.nanoTime();

    EventWriter(EventQueue queue, Writer out, Consumer<List<ChatMessage>> handedOver) {
        this.queue = queue;
        this.out = out;
        this.handedOver = handedOver;
    }

    /** Writes until the queue is closed and empty, the output breaks, or the thread is interrupted. */
    @Override
    public void run() {
        try {
            List<Event> batch;
            while ((batch = next()) != null) {
                write(batch);
            }
        } catch (IOException e) {
            log.error("cannot write events any more; Parley goes on without its output", e);
            queue.discard();
        } catch (InterruptedException e) {
            log.info("the event writer was stopped");
            queue.discard();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the event writer failed", e);
            queue.discard();
        }
    }

    /**
     * Waits until everything the queue can give has been written, flushed and handed over; false if the
     * writer made no progress (no write or flush returned) for {@code stall}, as when the consumer does
     * not read.
     */
    boolean drain(Duration stall) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long wait = Math.max(lastProgress, start) + stall.toNanos() - System.nanoTime();
            if (queue.awaitWritten(Math.max(wait, 0))) {
                return true;
            }
            if (wait <= 0) {
                return false;
            }
        }
    }

    /** The next batch; before waiting for one, flushes what was written and hands it over. */
    private List<Event> next() throws IOException, InterruptedException {
        List<Event> batch = queue.poll();
        if (batch == null) {
            flush();
            batch = queue.take();
        }
        return batch;
    }

    private void write(List<Event> batch) throws IOException {
        for (Event e : batch) {
            out.write(e.json().get()); // no raw newline inside: JSON escapes them
            out.write("\n");
            lastProgress = System.nanoTime();
            if (e.received() != null) {
                unflushed.add(e.received());
            }
            if (++unflushedLines >= FLUSH_EVERY_LINES) {
                flush();
            }
        }
    }

    private void flush() throws IOException {
        if (unflushedLines == 0) {
            return;
        }
        out.flush();
        lastProgress = System.nanoTime();
        unflushedLines = 0;
        if (!unflushed.isEmpty()) {
            List<ChatMessage> done = List.copyOf(unflushed);
            unflushed.clear();
            handOver(done);
        }
    }

    private void handOver(List<ChatMessage> messages) {
        try {
            handedOver.accept(messages);
        } catch (RuntimeException e) {
            log.error("handing over {} message(s) failed", messages.size(), e);
        }
    }
}
