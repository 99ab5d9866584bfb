package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The baseline: JSSE TLS 1.3 over loopback carrying the same length-prefixed bodies as Parley's CHAT
 * records (2-byte length, then body). The server echoes bodies whose first byte is {@link #ECHO} and
 * counts the others. The certificate is a throw-away self-signed EC key made by {@code keytool} at start.
 * The client side is used by one thread (the benchmark's); the server side runs on its own thread.
 */
final class TlsLink implements MessageLink {
    static final byte ECHO = 1;

    private final SSLServerSocket server;
    private final SSLSocket client;
    private final DataInputStream clientIn;
    private final OutputStream clientOut;
    private final Thread serverThread;
    private volatile CountDownLatch sunk;
    private volatile int toSink;
    private final String suite;

    TlsLink() throws Exception {
        SSLContext tls = context();
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.3"});
        serverThread = new Thread(this::serve, "bench-tls-server");
        serverThread.setDaemon(true);
        serverThread.start();
        client = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setEnabledProtocols(new String[] {"TLSv1.3"});
        client.setTcpNoDelay(true);
        client.startHandshake();
        suite = client.getSession().getProtocol() + " " + client.getSession().getCipherSuite();
        clientIn = new DataInputStream(new BufferedInputStream(client.getInputStream(), 16 * 1024));
        // 16 KiB: a full TLS record per write when a burst is buffered, the best case for the baseline.
        clientOut = new BufferedOutputStream(client.getOutputStream(), 16 * 1024);
    }

    String suite() {
        return suite;
    }

    /** A self-signed P-256 certificate in a temporary PKCS#12 keystore, trusted by both ends. */
    private static SSLContext context() throws Exception {
        Path dir = Files.createTempDirectory("parley-bench-tls");
        Path store = dir.resolve("bench.p12");
        char[] pass = "benchpass".toCharArray();
        Process p = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/keytool", "-genkeypair",
                "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "bench", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(pass), "-keypass", new String(pass)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        Files.delete(store);
        Files.delete(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private void serve() {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 16 * 1024));
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            byte[] buf = new byte[65536];
            int count = 0;
            while (true) {
                int len = in.readUnsignedShort();
                in.readFully(buf, 0, len);
                if (buf[0] == ECHO) {
                    out.write(len >>> 8);
                    out.write(len);
                    out.write(buf, 0, len);
                    out.flush();
                } else {
                    // The receiver decodes the text, as a chat program would (Parley's does too).
                    new String(buf, 24, len - 24, StandardCharsets.UTF_8);
                    if (++count == toSink) {
                        count = 0;
                        sunk.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // closed: the benchmark is over
        }
    }

    @Override
    public double[] roundTrips(byte[] body, int count) throws Exception {
        body[0] = ECHO;
        double[] micros = new double[count];
        for (int k = 0; k < count; k++) {
            long t0 = System.nanoTime();
            clientOut.write(body.length >>> 8);
            clientOut.write(body.length);
            clientOut.write(body);
            clientOut.flush();
            int len = clientIn.readUnsignedShort();
            byte[] echo = new byte[len];
            clientIn.readFully(echo);
            micros[k] = (System.nanoTime() - t0) / 1000.0;
        }
        return micros;
    }

    /**
     * Each message written and flushed as it is sent, as a chat program sends what the user typed: one
     * TLS record and one write per message.
     */
    @Override
    public double oneWay(byte[] body, int count) throws Exception {
        return oneWay(body, count, true);
    }

    /**
     * @param flushEach false: messages pile up in a 16 KiB buffer and go out as full TLS records, the
     *                  best case for TLS (bulk transfer), which no interactive sender gets
     */
    double oneWay(byte[] body, int count, boolean flushEach) throws Exception {
        body[0] = 2;
        CountDownLatch done = new CountDownLatch(1);
        sunk = done;
        toSink = count;
        long t0 = System.nanoTime();
        for (int k = 0; k < count; k++) {
            clientOut.write(body.length >>> 8);
            clientOut.write(body.length);
            clientOut.write(body);
            if (flushEach) {
                clientOut.flush();
            }
        }
        clientOut.flush();
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TLS receiver did not get all messages");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
