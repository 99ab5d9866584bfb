package dev.parley.chat;

/** Where a peer stands: found by discovery, being dialled, in session, session ended, gone from the LAN. */
public enum PeerState { DISCOVERED, CONNECTING, ONLINE, OFFLINE, LOST }
