package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomMessage;

/**
 * A chat or rooms engine event, captured on the engine's thread for the UI thread to apply. Immutable
 * values.
 */
sealed interface UiEvent {
    record PeerChanged(PeerInfo peer) implements UiEvent {}

    record PeerRemoved(String fingerprint) implements UiEvent {}

    record PeerReplaced(String oldFingerprint, PeerInfo replacement) implements UiEvent {}

    record MessageReceived(ChatMessage message) implements UiEvent {}

    record StatusChanged(ChatMessage message) implements UiEvent {}

    record Typing(String peer, boolean active) implements UiEvent {}

    record NicknameChanged(String nickname) implements UiEvent {}

    record WarningRaised(Warning warning) implements UiEvent {}

    record RoomChanged(RoomInfo room) implements UiEvent {}

    record RoomInvited(RoomInvite invite) implements UiEvent {}

    record RoomMessageReceived(RoomMessage message) implements UiEvent {}

    /** Our room message's marks changed. */
    record RoomMessageChanged(RoomMessage message) implements UiEvent {}

    record RoomLeft(String room, String name, String reason) implements UiEvent {}

    record RoomWarning(String code, String room, String message) implements UiEvent {}
    /** A file transfer's new state or progress (the engine sends progress at most twice a second each). */
    record TransferChanged(dev.parley.chat.TransferInfo transfer) implements UiEvent {}
}
