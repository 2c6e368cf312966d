package io.thanosj.objstore.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay to a real server that can fail like a network: cut connections after a number of
 * bytes sent towards the server, then optionally refuse every new connection (an outage) until
 * healed. Lets tests break an upload in the middle of a request body.
 */
public final class ConnectionCuttingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Thread acceptor;
    private final List<Socket> open = new ArrayList<>();
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean outageAfterCut;
    private volatile boolean refusing;
    private volatile boolean closed;

    public ConnectionCuttingRelay(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "cutting-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Arms a cut: once {@code bytes} more bytes have gone towards the server, the connection
     * carrying them is reset. With {@code thenOutage}, every later connection is refused too.
     */
    public void cutAfter(long bytes, boolean thenOutage) {
        outageAfterCut = thenOutage;
        budget.set(bytes);
    }

    /** Ends an outage and disarms any pending cut. */
    public void heal() {
        refusing = false;
        budget.set(Long.MAX_VALUE);
    }

    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                synchronized (open) {
                    open.add(client);
                    open.add(upstream);
                }
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (towardsServer) {
                        long left = budget.getAndAccumulate(n, (b, x) -> b == Long.MAX_VALUE ? b : b - x);
                        if (left != Long.MAX_VALUE && left < n) {
                            if (left > 0) {
                                out.write(buf, 0, (int) left);
                                out.flush();
                            }
                            budget.set(Long.MAX_VALUE);
                            cuts.incrementAndGet();
                            if (outageAfterCut) {
                                refusing = true;
                            }
                            reset(from);
                            reset(to);
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(from);
                reset(to);
            }
        }, "cutting-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST, like a dropped network path, not a polite FIN
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                reset(s);
            }
        }
    }
}
