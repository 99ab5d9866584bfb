package dev.parley.app;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every setting Parley has, typed and validated. Immutable and thread-safe. Built by
 * {@link SettingsLoader} from defaults, the state folder's {@code parley.properties}, {@code PARLEY_*}
 * environment variables and the command line.
 *
 * @param nick our nickname, as peers see it
 * @param port the TCP port to listen on; 0 for any free port
 * @param interfaces network interface names to use; empty means choose automatically
 * @param peers addresses (HOST[:PORT]) to dial at start besides what discovery finds
 * @param networkKey the network key file, or null for none
 * @param mdns whether to advertise and browse with mDNS
 * @param logLevel how much to write to {@code parley.log}
 * @param bell whether the full-screen UI rings the terminal bell for messages in other conversations
 * @param typing whether we tell peers that we are typing
 * @param portChosen whether a layer (file, environment, command line) set the port: a chosen port is
 *     used or refused; only the default one, when taken, gives way to a free port
 * @param listen the one address to listen on, or null for every address
 * @param downloads where accepted files go without a DIR, or null for none
 * @param autoAcceptVerified accept offers from verified peers into {@code downloads} without asking
 * @param dnsSd whether to browse (and, if asked, register in) unicast DNS-SD domains
 * @param dnsSdDomains unicast DNS-SD domains to browse besides those found automatically
 * @param dnsSdRegister the domain to register ourselves in by signed dynamic update, or null for none
 * @param dnsSdKey the TSIG key file for {@code dnsSdRegister}, or null
 * @param notifications how the full-screen UI notifies unread messages ({@code notify}; {@code bell = false}
 *        turns it off)
 * @param notifyContent whether a notification carries the message's text ({@code notify-content})
 * @param theme the full-screen UI's colours (none whatever this says when {@code NO_COLOR} is set)
 * @param links whether addresses in messages are OSC 8 links in the full-screen UI ({@code links})
 * @param roomsAutoRejoin after a restart, take back without asking the rooms that known or verified members
 *        offer back ({@code rooms-autorejoin}; never from a new or changed key, never an invitation)
 */
public record Settings(String nick, int port, List<String> interfaces, List<String> peers, Path networkKey,
                       boolean mdns, LogLevel logLevel, boolean bell, boolean typing, boolean portChosen,
                       InetAddress listen, Path downloads, boolean autoAcceptVerified,
                       boolean dnsSd, List<String> dnsSdDomains, String dnsSdRegister, Path dnsSdKey,
                       dev.parley.tui.Notify notifications, boolean notifyContent, dev.parley.tui.Theme theme,
                       dev.parley.tui.Links links, boolean roomsAutoRejoin) {

    public static final int DEFAULT_PORT = 7447;

    public Settings {
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(links, "links");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        interfaces = List.copyOf(interfaces);
        peers = List.copyOf(peers);
        dnsSdDomains = List.copyOf(dnsSdDomains);
    }

    /** The built-in defaults, with the given nickname (see {@link SettingsLoader#defaultNick}). */
    public static Settings defaults(String nick) {
        return new Settings(nick, DEFAULT_PORT, List.of(), List.of(), null, true, LogLevel.INFO, true, true, false,
                null, null, false, true, List.of(), null, null, dev.parley.tui.Notify.AUTO, false,
                dev.parley.tui.Theme.DARK, dev.parley.tui.Links.AUTO, true);
    }

    /** A builder starting from these settings, for changing some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes settings one at a time. Not thread-safe. */
    public static final class Builder {
        private String nick;
        private int port;
        private List<String> interfaces;
        private List<String> peers;
        private Path networkKey;
        private boolean mdns;
        private LogLevel logLevel;
        private boolean bell;
        private boolean typing;
        private boolean portChosen;
        private InetAddress listen;
        private Path downloads;
        private boolean autoAcceptVerified;
        private boolean dnsSd;
        private List<String> dnsSdDomains;
        private String dnsSdRegister;
        private Path dnsSdKey;
        private dev.parley.tui.Notify notifications;
        private boolean notifyContent;
        private dev.parley.tui.Theme theme;
        private dev.parley.tui.Links links;
        private boolean roomsAutoRejoin;

        private Builder(Settings s) {
            nick = s.nick;
            port = s.port;
            interfaces = s.interfaces;
            peers = s.peers;
            networkKey = s.networkKey;
            mdns = s.mdns;
            logLevel = s.logLevel;
            bell = s.bell;
            typing = s.typing;
            portChosen = s.portChosen;
            listen = s.listen;
            downloads = s.downloads;
            autoAcceptVerified = s.autoAcceptVerified;
            dnsSd = s.dnsSd;
            dnsSdDomains = s.dnsSdDomains;
            dnsSdRegister = s.dnsSdRegister;
            dnsSdKey = s.dnsSdKey;
            notifications = s.notifications;
            notifyContent = s.notifyContent;
            theme = s.theme;
            links = s.links;
            roomsAutoRejoin = s.roomsAutoRejoin;
        }

        public Builder downloads(Path value) {
            downloads = value;
            return this;
        }

        public Builder autoAcceptVerified(boolean value) {
            autoAcceptVerified = value;
            return this;
        }

        public Builder nick(String value) {
            nick = value;
            return this;
        }

        /** Sets the port as chosen by the user (see {@link Settings#portChosen}). */
        public Builder port(int value) {
            port = value;
            portChosen = true;
            return this;
        }

        public Builder interfaces(List<String> value) {
            interfaces = value;
            return this;
        }

        public Builder peers(List<String> value) {
            peers = value;
            return this;
        }

        /** The network key file, or null for none. */
        public Builder networkKey(Path value) {
            networkKey = value;
            return this;
        }

        public Builder mdns(boolean value) {
            mdns = value;
            return this;
        }

        public Builder logLevel(LogLevel value) {
            logLevel = value;
            return this;
        }

        public Builder bell(boolean value) {
            bell = value;
            return this;
        }

        public Builder typing(boolean value) {
            typing = value;
            return this;
        }

        /** The one address to listen on, or null for every address. */
        public Builder listen(InetAddress value) {
            listen = value;
            return this;
        }

        public Builder dnsSd(boolean value) {
            dnsSd = value;
            return this;
        }

        public Builder dnsSdDomains(List<String> value) {
            dnsSdDomains = value;
            return this;
        }

        /** The domain to register in, or null for none. */
        public Builder dnsSdRegister(String value) {
            dnsSdRegister = value;
            return this;
        }

        /** The TSIG key file, or null for none. */
        public Builder dnsSdKey(Path value) {
            dnsSdKey = value;
            return this;
        }

        public Builder notifications(dev.parley.tui.Notify value) {
            notifications = value;
            return this;
        }

        public Builder notifyContent(boolean value) {
            notifyContent = value;
            return this;
        }

        public Builder theme(dev.parley.tui.Theme value) {
            theme = value;
            return this;
        }

        public Builder links(dev.parley.tui.Links value) {
            links = value;
            return this;
        }

        public Builder roomsAutoRejoin(boolean value) {
            roomsAutoRejoin = value;
            return this;
        }

        public Settings build() {
            return new Settings(nick, port, interfaces, peers, networkKey, mdns, logLevel, bell, typing, portChosen,
                    listen, downloads, autoAcceptVerified, dnsSd, dnsSdDomains, dnsSdRegister, dnsSdKey,
                    notifications, notifyContent, theme, links, roomsAutoRejoin);
        }
    }
}
