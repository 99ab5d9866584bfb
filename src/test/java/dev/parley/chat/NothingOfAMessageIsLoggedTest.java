package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every log line the engine writes at any level, through every path a message takes, lacks its text. */
class NothingOfAMessageIsLoggedTest {
    private static final String CANARY = "canary-7f3a9c-do-not-log";
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level before;

    @BeforeEach
    void capture() {
        before = root.getLevel();
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(before);
    }

    @Test
    void noLogLineContainsMessageText() throws Exception {
        Node a = Node.started(TestPeer.named("alice"));
        Node b = Node.started(TestPeer.named("bob"));
        PipedPair pair = new PipedPair(a, b).connect();
        String bobFp = b.id.fingerprint();
        a.engine.send(bobFp, CANARY + " one");
        pair.pumpTo(b);
        pair.cut();
        a.engine.send(bobFp, CANARY + " two");
        pair.connect();
        pair.pump();
        b.engine.received(pair.ba, new ChatRecord.Text("bad id " + CANARY, 0, CANARY));
        b.engine.received(pair.ba, new ChatRecord.Text("0123456789abcdef0123456789abcdef", 0, null));
        try {
            a.engine.send(bobFp, CANARY + "x".repeat(ChatRecord.MAX_TEXT_BYTES));
        } catch (ChatException expected) {
            assertFalse(expected.getMessage().contains(CANARY), "errors name sizes, not texts");
        }
        a.engine.addListener(new ChatListener() {
            @Override
            public void peerChanged(PeerInfo peer) {}

            @Override
            public void messageReceived(ChatMessage message) {}

            @Override
            public void messageStatusChanged(ChatMessage m) {
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void warning(Warning warning) {}
        });
        a.engine.send(bobFp, CANARY + " three");

        assertTrue(appender.list.size() > 3, "the engine does log events");
        for (ILoggingEvent e : appender.list) {
            String text = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertFalse(text.contains(CANARY), "logged: " + text);
        }
    }
}
