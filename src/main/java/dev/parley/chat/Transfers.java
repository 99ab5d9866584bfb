package dev.parley.chat;

import java.util.List;
import java.util.function.Consumer;

/**
 * File transfer as the front ends see it (implemented by {@code files}): offers, answers and the
 * transfers' state. A transfer is named by its local number ({@code 3}), its 32-hex id, or at least 6
 * hex digits of it. Thread-safe; no method blocks on the network. Only {@link #accept} writes to the disk
 * (it creates the partial files in the destination, by the user's choice).
 */
public interface Transfers {
    /** Offers files and folders to a peer; the offer's state arrives through the listener. */
    TransferInfo send(String peer, List<String> paths) throws ChatException;

    /** Accepts an offer into {@code dir}, or into the {@code downloads} setting when null. */
    void accept(String id, String dir) throws ChatException;

    void decline(String id) throws ChatException;

    void cancel(String id) throws ChatException;

    void pause(String id) throws ChatException;

    void resume(String id) throws ChatException;

    /** All transfers this run, oldest first. */
    List<TransferInfo> list();

    /**
     * Removes finished transfers from the list and deletes partial files kept for resume, those of this run
     * and those an earlier run left (named by their resume notes); returns how many transfers it forgot.
     */
    int clean();

    /** Partial files left by earlier transfers that no transfer of this run holds, and their bytes. */
    record Leftovers(int files, long bytes) {
        public static final Leftovers NONE = new Leftovers(0, 0);
    }

    /** What {@link #clean} would delete of what earlier transfers left: reads the state folder (small files). */
    default Leftovers leftovers() {
        return Leftovers.NONE;
    }

    /**
     * Called with each change, never holding a lock, one at a time, in order; progress at most twice a
     * second per transfer. Must not block.
     */
    void addListener(Consumer<TransferInfo> listener);

    /** No file transfer (tests, front ends run without the file engine). */
    Transfers NONE = new Transfers() {
        @Override public TransferInfo send(String peer, List<String> paths) throws ChatException { throw off(); }
        @Override public void accept(String id, String dir) throws ChatException { throw off(); }
        @Override public void decline(String id) throws ChatException { throw off(); }
        @Override public void cancel(String id) throws ChatException { throw off(); }
        @Override public void pause(String id) throws ChatException { throw off(); }
        @Override public void resume(String id) throws ChatException { throw off(); }
        @Override public List<TransferInfo> list() { return List.of(); }
        @Override public int clean() { return 0; }
        @Override public void addListener(Consumer<TransferInfo> listener) { }

        private ChatException off() {
            return new ChatException("no-transfers", "file transfer is not available here");
        }
    };
}
