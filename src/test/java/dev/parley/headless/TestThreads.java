package dev.parley.headless;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** Makes the writer threads of a test (daemons) and interrupts those still running when the test ends. Thread-safe. */
final class TestThreads implements ThreadFactory, AutoCloseable {
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "test-headless-out");
        t.setDaemon(true);
        made.add(t);
        return t;
    }

    @Override
    public void close() {
        made.forEach(Thread::interrupt);
    }
}
