package dev.parley.chat;

/** What a peer says about itself. */
public enum Presence { ONLINE, AWAY }
