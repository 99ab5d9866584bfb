package dev.parley.app;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the user has quit, the peer stops within a bounded time (goodbyes to peers, mDNS's first goodbye):
 * a Ctrl-C typed meanwhile, now that the terminal is back in its normal mode, would start the JVM's
 * shutdown beside that stop and end the process with 130. From {@link #quitting()} on, SIGINT is
 * harmless: the stop under way finishes and Parley exits as it would have. SIGTERM keeps its meaning.
 * Main thread only.
 */
final class QuitSignals {
    private static final Logger LOG = LoggerFactory.getLogger(QuitSignals.class);

    private QuitSignals() {}

    /**
     * From now on a SIGINT is ignored: the stop under way is already what the user asked for. Through
     * {@code sun.misc.Signal} (jdk.unsupported, the JDK's only signal API), by reflection so that the
     * build stays free of its internal-API warning; where it is missing, the JVM keeps its default.
     */
    static void quitting() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ignore = Proxy.newProxyInstance(QuitSignals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            LOG.debug("SIGINT while quitting: ignored");
                            return null;
                        }
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : null;
                    });
            Object interrupt = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, interrupt, ignore);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("cannot handle SIGINT here: {}", e.toString());
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "QuitSignals.ignore";
        };
    }
}
