package dev.parley.headless;

import dev.parley.chat.Chat;
import dev.parley.rooms.RoomsEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines front end, wired: commands in ({@link HeadlessCommands}), the engine's events queued
 * ({@link ChatEvents}, {@link EventQueue}) and written on their own thread ({@link EventWriter}), so that
 * a consumer who stops reading never stalls the engine. See {@code package-info} for the interface and
 * its bounds.
 *
 * <p>Threads: {@link #attach} and {@link #ready} from the app; {@link #run} on the one thread that reads
 * commands; {@link #stop} from any thread (a signal). The writer has its own thread, made by the factory
 * given to attach; it ends once the queue is drained at exit (or the output breaks).
 */
public final class Headless {
    /** At exit, how long the writer may make no progress (stdout not read) before Parley exits without it. */
    static final Duration EXIT_STALL = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Headless.class);

    private final Chat chat;
    private final BufferedReader input;
    private final EventQueue queue;
    private final EventWriter writer;
    private final HeadlessCommands commands;
    private final Duration exitStall;
    private final AtomicBoolean finished = new AtomicBoolean();

    private Headless(Chat chat, Reader input, EventQueue queue, EventWriter writer, Duration exitStall) {
        this(chat, null, input, queue, writer, exitStall);
    }

    private Headless(Chat chat, RoomsEngine rooms, Reader input, EventQueue queue, EventWriter writer,
                     Duration exitStall) {
        this.chat = chat;
        this.input = input instanceof BufferedReader b ? b : new BufferedReader(input);
        this.queue = queue;
        this.writer = writer;
        this.commands = new HeadlessCommands(chat, queue, rooms);
        this.exitStall = exitStall;
    }

    /**
     * A headless front end listening to {@code chat}, attached before the engine starts: from now on a
     * received message is acknowledged to its sender only once its line is written and flushed. The app
     * passes UTF-8 readers and writers over standard input and output, and the factory of the one thread
     * that writes the events (started here).
     */
    public static Headless attach(Chat chat, Reader commands, Writer events, ThreadFactory output) {
        return attach(chat, commands, events, output, EXIT_STALL);
    }

    static Headless attach(Chat chat, Reader commands, Writer events, ThreadFactory output, Duration exitStall) {
        EventQueue queue = new EventQueue();
        EventWriter writer = new EventWriter(queue, events, chat::handedOver);
        chat.acknowledgeWhenHandedOver();
        chat.addListener(new ChatEvents(queue));
        chat.transfers().addListener(t -> queue.offer(Event.transfer(t)));
        output.newThread(writer).start();
        return new Headless(chat, commands, queue, writer, exitStall);
    }

    /**
     * As {@link #attach(Chat, Reader, Writer, ThreadFactory)}, with rooms: their commands and events, and
     * room messages acknowledged once written, as the chat's.
     */
    public static Headless attach(Chat chat, RoomsEngine rooms, Reader commands, Writer events, ThreadFactory output) {
        EventQueue queue = new EventQueue();
        EventWriter writer = new EventWriter(queue, events, written -> {
            chat.handedOver(written);
            rooms.handedOver(written);
        });
        chat.acknowledgeWhenHandedOver();
        rooms.acknowledgeWhenHandedOver();
        chat.addListener(new ChatEvents(queue));
        rooms.addListener(new RoomEvents(queue));
        chat.transfers().addListener(t -> queue.offer(Event.transfer(t)));
        output.newThread(writer).start();
        return new Headless(chat, rooms, commands, queue, writer, EXIT_STALL);
    }

    /** Lets the writer start with {@code ready}, then the events held until now. Call once the listener is bound and discovery registered. */
    public void ready(int port, List<String> addresses) {
        queue.ready(Event.ready(chat.ourNickname(), chat.ourFingerprint(), port, addresses));
    }

    /**
     * Executes commands until end of input or {@code /quit}; warns ({@code undelivered}) if messages are
     * still queued or unacknowledged; then writes everything queued, giving up if standard output makes no
     * progress for {@link #EXIT_STALL}.
     */
    public void run() throws IOException {
        try {
            commands.run(input);
        } finally {
            stop();
        }
    }

    /** Stops taking events and writes those queued, within the same bounded wait as {@link #run}. Idempotent. */
    public void stop() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        try {
            if (!writer.drain(exitStall)) {
                log.warn("standard output was not read for {} ms: exiting without writing what waits ({} event(s)"
                        + " queued, besides those being written)", exitStall.toMillis(), queue.waiting());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one command line; false when it was {@code /quit}. */
    boolean execute(String line) {
        return commands.execute(line);
    }

    /** Waits until everything queued so far is written and flushed (tests). */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        return queue.awaitWritten(timeout.toNanos());
    }

    /** Events waiting to be written (tests). */
    int waitingEvents() {
        return queue.waiting();
    }
}
