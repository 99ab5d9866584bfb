package dev.parley.chat;

/**
 * What we know of a peer's key. NEW: first seen this run; KNOWN: seen before (trust on first use);
 * VERIFIED: the user confirmed the safety number; CHANGED: claims a known peer's nickname with another
 * key, and gets nothing of that peer's until the user accepts it.
 */
public enum Trust { NEW, KNOWN, VERIFIED, CHANGED }
