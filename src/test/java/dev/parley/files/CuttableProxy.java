package dev.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on loopback that a test can cut (every connection closed, new ones refused) and heal,
 * like {@code netlab cut/heal} between two hosts; counts the bytes it carries towards the target.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final InetSocketAddress target;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong forward = new AtomicLong();
    private volatile boolean cut;

    CuttableProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        pool.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes carried towards the target so far. */
    long forwarded() {
        return forward.get();
    }

    void cut() {
        cut = true;
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    void heal() {
        cut = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (cut) {
                    close(in);
                    continue;
                }
                Socket out = new Socket();
                out.connect(target, 2000);
                open.add(in);
                open.add(out);
                pool.execute(() -> pump(in, out, forward));
                pool.execute(() -> pump(out, in, new AtomicLong()));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    /** Copies one direction; an end of stream is passed on as a half-close, as TCP does. */
    private static void pump(Socket from, Socket to, AtomicLong count) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                count.addAndGet(n);
            }
            to.shutdownOutput();
            if (from.isOutputShutdown()) {
                close(from);
                close(to);
            }
        } catch (IOException e) {
            close(from); // cut or reset
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
        pool.shutdownNow();
    }
}
