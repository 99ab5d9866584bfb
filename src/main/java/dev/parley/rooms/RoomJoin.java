package dev.parley.rooms;

/**
 * What a {@link RoomsEngine#join} did: {@code state} {@code sent} (the owner is online and was asked),
 * {@code pending} (the owner is offline: the request is held and sent when its session comes up, until
 * the invitation expires) or {@code rejoined} (a rejoin offer: the room is ours again at once).
 * {@code owner} is the owner's fingerprint, {@code ownerNick} its nickname as we know it. Immutable.
 */
public record RoomJoin(String room, String name, String owner, String ownerNick, String state) {}
