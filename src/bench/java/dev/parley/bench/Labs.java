package dev.parley.bench;

import dev.parley.lab.Lab;
import java.io.IOException;
import java.util.List;

/**
 * The test suite's namespace {@link Lab}, for benchmarks that start processes themselves on its hosts.
 * Nothing leaves the machine: the hosts share a bridge in a namespace of its own. Not thread-safe.
 */
final class Labs implements AutoCloseable {
    private final Lab lab;

    private Labs(Lab lab) {
        this.lab = lab;
    }

    static String unavailableReason() {
        return Lab.unavailableReason();
    }

    static Labs create(int hosts) throws IOException, InterruptedException {
        return new Labs(Lab.create("bn", hosts));
    }

    /** The command prefix that runs a command on host i. */
    List<String> exec(int i) {
        return List.of("ip", "netns", "exec", lab.host(i));
    }

    String address(int i) {
        return lab.address(i);
    }

    @Override
    public void close() {
        lab.close();
    }
}
