package dev.parley.discovery;

import java.io.IOException;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSQuestion;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;
import javax.jmdns.impl.tasks.state.DNSStateTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two packets JmDNS 3.6.3 sends late, sent at once: our first browse query and our announcement.
 *
 * <p>JmDNS sends its first PTR query 225 ms after a listener is added (its resolver's timer delay); we
 * send one immediately, so the peers' answers (20-120 ms later, RFC 6762 section 6) arrive sooner.
 *
 * <p>JmDNS probes a freshly created instance at one-second intervals (its Prober uses
 * PROBE_CONFLICT_INTERVAL until the host is announced, where RFC 6762 section 8.1 asks for 250 ms),
 * so its first announcement leaves about four seconds after start; we send PTR, SRV, TXT and A at
 * once. Probing still runs and JmDNS's own announcements follow as usual. Announcing before probing
 * completes departs from RFC 6762 section 8.1; it is safe here because our names cannot collide with
 * anyone else's (the instance name carries the fingerprint, the host name the fingerprint and the
 * interface). Were one identity to run twice on a link, JmDNS's probing would still rename the later one.
 *
 * <p>Uses JmDNS's implementation classes (pinned version 3.6.3). Any failure is logged and ignored:
 * discovery then works at plain JmDNS speed. Stateless; called on the thread that starts discovery.
 */
final class FastStart {
    private static final Logger LOG = LoggerFactory.getLogger(FastStart.class);

    private FastStart() {}

    static void query(JmDNS jmdns, String serviceType) {
        try {
            DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_QUERY);
            out.addQuestion(DNSQuestion.newQuestion(serviceType, DNSRecordType.TYPE_PTR, DNSRecordClass.CLASS_IN,
                    DNSRecordClass.NOT_UNIQUE));
            ((JmDNSImpl) jmdns).send(out);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("early query failed; we will see peers after JmDNS's own query", e);
        }
    }

    static void announce(JmDNS jmdns, ServiceInfo registered) {
        try {
            JmDNSImpl impl = (JmDNSImpl) jmdns;
            int ttl = DNSStateTask.defaultTTL();
            DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_RESPONSE | DNSConstants.FLAGS_AA);
            for (DNSRecord r : ((ServiceInfoImpl) registered).answers(DNSRecordClass.CLASS_ANY, DNSRecordClass.UNIQUE,
                    ttl, impl.getLocalHost())) {
                out.addAnswer(r, 0);
            }
            for (DNSRecord r : impl.getLocalHost().answers(DNSRecordClass.CLASS_ANY, DNSRecordClass.UNIQUE, ttl)) {
                out.addAnswer(r, 0);
            }
            impl.send(out);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("early announcement failed; peers will see us after JmDNS's own announcement", e);
        }
    }
}
