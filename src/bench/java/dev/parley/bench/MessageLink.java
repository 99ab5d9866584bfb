package dev.parley.bench;

/** One session between two endpoints in this process, as the messaging benchmark drives it. */
interface MessageLink extends AutoCloseable {
    /**
     * Sends {@code body} (a CHAT record body: 16-byte id, 8-byte time, text) {@code count} times, each
     * after the previous echo arrived; returns each round trip in microseconds.
     */
    double[] roundTrips(byte[] body, int count) throws Exception;

    /** Sends {@code count} bodies one way as fast as the link takes them; seconds until the last arrived. */
    double oneWay(byte[] body, int count) throws Exception;
}
