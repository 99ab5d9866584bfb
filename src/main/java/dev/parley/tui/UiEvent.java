package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;

/** A chat engine event, captured on the engine's thread for the UI thread to apply. Immutable values. */
sealed interface UiEvent {
    record PeerChanged(PeerInfo peer) implements UiEvent {}

    record PeerRemoved(String fingerprint) implements UiEvent {}

    record PeerReplaced(String oldFingerprint, PeerInfo replacement) implements UiEvent {}

    record MessageReceived(ChatMessage message) implements UiEvent {}

    record StatusChanged(ChatMessage message) implements UiEvent {}

    record Typing(String peer, boolean active) implements UiEvent {}

    record NicknameChanged(String nickname) implements UiEvent {}

    record WarningRaised(Warning warning) implements UiEvent {}
}
