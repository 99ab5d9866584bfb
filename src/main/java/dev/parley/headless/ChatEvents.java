package dev.parley.headless;

import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;

/**
 * The engine's events, queued for the writer: each call only offers one {@link Event} to the queue and
 * returns (no formatting, no I/O, never blocks). Thread-safe; called on any engine thread.
 */
final class ChatEvents implements ChatListener {
    private final EventQueue queue;

    ChatEvents(EventQueue queue) {
        this.queue = queue;
    }

    @Override
    public void peerChanged(PeerInfo peer) {
        queue.offer(Event.peer(peer));
    }

    @Override
    public void peerRemoved(String fingerprint) {
        queue.offer(Event.peerRemoved(fingerprint));
    }

    @Override
    public void peerReplaced(String oldFingerprint, PeerInfo replacement) {
        queue.offer(Event.answer(() -> EventJson.peerReplaced(oldFingerprint, replacement))); // never dropped
    }

    @Override
    public void messageReceived(ChatMessage message) {
        queue.offer(Event.message(message)); // refused once closing: never handed over, so never acknowledged
    }

    @Override
    public void messageStatusChanged(ChatMessage message) {
        queue.offer(Event.status(message));
    }

    @Override
    public void typing(String peerFingerprint, boolean active) {
        queue.offer(Event.typing(peerFingerprint, active));
    }

    @Override
    public void nicknameChanged(String ourNickname) {
        queue.offer(Event.answer(() -> EventJson.nick(ourNickname))); // only ever the answer to our /nick
    }

    @Override
    public void warning(Warning warning) {
        queue.offer(Event.warning(warning));
    }
}
