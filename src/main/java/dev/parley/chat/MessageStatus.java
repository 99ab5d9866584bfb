package dev.parley.chat;

/** Delivery status of a message we wrote. */
public enum MessageStatus { QUEUED, SENT, DELIVERED, FAILED }
