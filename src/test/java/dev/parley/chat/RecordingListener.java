package dev.parley.chat;

import java.util.ArrayList;
import java.util.List;

/** Records every chat event in order. Thread-safe. */
final class RecordingListener implements ChatListener {
    private final List<Object> events = new ArrayList<>();

    record TypingEvent(String peer, boolean active) {}

    record NickEvent(String nickname) {}

    record Removed(String fingerprint) {}

    @Override
    public synchronized void peerChanged(PeerInfo peer) {
        events.add(peer);
    }

    @Override
    public synchronized void messageReceived(ChatMessage message) {
        events.add(message);
    }

    @Override
    public synchronized void messageStatusChanged(ChatMessage message) {
        events.add(message);
    }

    @Override
    public synchronized void typing(String peerFingerprint, boolean active) {
        events.add(new TypingEvent(peerFingerprint, active));
    }

    @Override
    public synchronized void nicknameChanged(String ourNickname) {
        events.add(new NickEvent(ourNickname));
    }

    @Override
    public synchronized void peerRemoved(String fingerprint) {
        events.add(new Removed(fingerprint));
    }

    @Override
    public synchronized void warning(Warning warning) {
        events.add(warning);
    }

    synchronized List<Object> all() {
        return List.copyOf(events);
    }

    synchronized <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized List<PeerState> states(String fingerprint) {
        return of(PeerInfo.class).stream().filter(p -> p.fingerprint().equals(fingerprint))
                .map(PeerInfo::state).toList();
    }

    synchronized List<MessageStatus> statuses(String id) {
        return of(ChatMessage.class).stream().filter(m -> m.outgoing() && m.id().equals(id))
                .map(ChatMessage::status).toList();
    }

    synchronized List<ChatMessage> received() {
        return of(ChatMessage.class).stream().filter(m -> !m.outgoing()).toList();
    }

    synchronized List<Warning> warnings(String code) {
        return of(Warning.class).stream().filter(w -> w.code().equals(code)).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}
