package dev.parley.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps connections that have not yet authenticated, overall and per source address, so a flood from
 * one host cannot starve handshakes from others. Thread-safe.
 */
final class Admission {
    private final int max;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    Admission(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    synchronized boolean tryAdmit(InetAddress from) {
        int mine = perAddress.getOrDefault(from, 0);
        if (total >= max || mine >= maxPerAddress) {
            return false;
        }
        total++;
        perAddress.put(from, mine + 1);
        return true;
    }

    synchronized void release(InetAddress from) {
        total--;
        perAddress.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int total() {
        return total;
    }
}
