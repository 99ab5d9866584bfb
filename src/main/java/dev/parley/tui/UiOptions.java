package dev.parley.tui;

/**
 * What the full-screen UI shows or does that the chat engine does not know: the address and port we listen
 * on (for the header), whether a network key is in use, whether unread messages ring the terminal bell,
 * and whether peers are told when we type to them (the {@code typing} setting). Immutable.
 */
public record UiOptions(String listenAddress, int port, boolean networkKeyInUse, boolean bell, boolean sendTyping) {
    /** {@code host:port}, with IPv6 addresses in brackets. */
    public String listenHostPort() {
        String host = listenAddress == null || listenAddress.isBlank() ? "*" : listenAddress;
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
