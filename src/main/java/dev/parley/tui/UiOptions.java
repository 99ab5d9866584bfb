package dev.parley.tui;

/**
 * What the full-screen UI shows or does that the chat engine does not know: the address and port we listen
 * on (for the header), whether a network key is in use, whether unread messages ring the terminal bell,
 * whether peers are told when we type to them (the {@code typing} setting), how unread messages are
 * notified ({@code notify}, {@code notify_content}), the colours ({@code theme}) and whether addresses in
 * messages are clickable ({@code links}). Immutable.
 */
public record UiOptions(String listenAddress, int port, boolean networkKeyInUse, boolean bell, boolean sendTyping,
                        Notify notifications, boolean notifyContent, Theme theme, Links links) {
    /** With links as the terminal allows ({@link Links#AUTO}). */
    public UiOptions(String listenAddress, int port, boolean networkKeyInUse, boolean bell, boolean sendTyping,
                     Notify notifications, boolean notifyContent, Theme theme) {
        this(listenAddress, port, networkKeyInUse, bell, sendTyping, notifications, notifyContent, theme, Links.AUTO);
    }

    /** With notifications as the bell setting says (detected from the terminal, or off) and the usual colours. */
    public UiOptions(String listenAddress, int port, boolean networkKeyInUse, boolean bell, boolean sendTyping) {
        this(listenAddress, port, networkKeyInUse, bell, sendTyping, bell ? Notify.AUTO : Notify.OFF, false,
                Theme.DARK);
    }

    /** {@code host:port}, with IPv6 addresses in brackets. */
    public String listenHostPort() {
        String host = listenAddress == null || listenAddress.isBlank() ? "*" : listenAddress;
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
