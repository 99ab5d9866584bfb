package dev.parley.rooms;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.chat.Warning;
import java.net.InetSocketAddress;

/**
 * Puts the rooms engine beside the chat engine without changing it: the network's {@link SessionListener}
 * that gives every session event to the chat engine first, then to the rooms engine (with what the chat
 * engine decided of the peer: trust, ignored), room records to the rooms engine only, ACKs to both (room
 * messages are acknowledged with ACK); and a {@link ChatListener} that passes peer changes (trust, nickname)
 * on. Holds no lock: each engine takes its own in turn, never one inside the other. Thread-safe.
 */
public final class RoomsSessions implements SessionListener {
    private final SessionListener chatSessions;
    private final Chat chat;
    private final RoomsEngine rooms;

    private RoomsSessions(SessionListener chatSessions, Chat chat, RoomsEngine rooms) {
        this.chatSessions = chatSessions;
        this.chat = chat;
        this.rooms = rooms;
    }

    /** Wires {@code rooms} to the chat engine; give the result to the network as its session listener. */
    public static <E extends Chat & SessionListener> RoomsSessions wire(E chatEngine, RoomsEngine rooms) {
        chatEngine.addListener(new ChatListener() {
            @Override public void peerChanged(PeerInfo peer) { rooms.peerChanged(peer); }
            @Override public void messageReceived(ChatMessage message) { }
            @Override public void messageStatusChanged(ChatMessage message) { }
            @Override public void nicknameChanged(String ourNickname) { rooms.setOurNick(ourNickname); }
            @Override public void warning(Warning warning) { }
        });
        return new RoomsSessions(chatEngine, chatEngine, rooms);
    }

    @Override
    public void sessionUp(Session session) {
        chatSessions.sessionUp(session);
        String fp = session.fingerprint();
        PeerInfo p = fp == null ? null : chat.peer(fp).orElse(null);
        if (p != null) { // the chat engine refuses our own fingerprint
            rooms.sessionUp(session, p);
        }
    }

    @Override
    public void received(Session session, ChatRecord record) {
        if (record instanceof ChatRecord.RoomRecord r) {
            rooms.received(session, r);
            return;
        }
        chatSessions.received(session, record);
        if (record instanceof ChatRecord.Ack a && a.id() != null) {
            rooms.acknowledged(session, a.id());
        }
    }

    @Override
    public void sessionDown(Session session, String reason) {
        chatSessions.sessionDown(session, reason);
        rooms.sessionDown(session);
    }

    @Override
    public void dialFailed(InetSocketAddress address, String reason) {
        chatSessions.dialFailed(address, reason);
    }

    @Override
    public void dialAbandoned(InetSocketAddress address) {
        chatSessions.dialAbandoned(address);
    }

    @Override
    public void spoofDetected(String announced, String proven, InetSocketAddress from) {
        chatSessions.spoofDetected(announced, proven, from);
    }

    @Override
    public void handshakeUnanswered(InetSocketAddress address, String fingerprint, int times) {
        chatSessions.handshakeUnanswered(address, fingerprint, times);
    }

    @Override
    public void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int moreAddresses) {
        chatSessions.otherNetworkKey(from, theyUseAKey, moreAddresses);
    }
}
