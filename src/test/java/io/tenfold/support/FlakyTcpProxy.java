package io.tenfold.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a random loopback port in front of a local server, that resets connections on
 * demand: the next N, or every one while it is down. Loopback only; it stops when closed.
 */
public final class FlakyTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flaky-tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong upstreamBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile long bytesPerSecond;
    private volatile boolean down;
    private volatile boolean closed;

    public FlakyTcpProxy(int upstreamPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.upstream = new InetSocketAddress(loopback, upstreamPort);
        this.server = new ServerSocket(0, 50, loopback);
        threads.execute(this::acceptLoop);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Resets the open connections, and the next n as soon as they are accepted. */
    public void dropNext(int n) {
        dropsLeft.set(n);
        resetOpenConnections();
    }

    /** While down, every connection is reset as soon as it is accepted; open ones are reset now. */
    public void setDown(boolean down) {
        this.down = down;
        if (down) {
            resetOpenConnections();
        }
    }

    private void resetOpenConnections() {
        for (Socket socket : sockets) {
            sockets.remove(socket);
            reset(socket);
        }
    }

    /** Slows every connection to about this many bytes a second each way (0: as fast as it goes). */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Bytes sent on to the upstream server so far: what clients uploaded. */
    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    public int accepted() {
        return accepted.get();
    }

    public int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (down || dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                dropped.incrementAndGet();
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(upstream, 2000);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server, true));
                threads.execute(() -> pump(server, client, false));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (upstream) {
                    upstreamBytes.addAndGet(n);
                }
                long rate = bytesPerSecond;
                if (rate > 0) {
                    Thread.sleep(n * 1000L / rate);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the other side went away
        } finally {
            sockets.remove(from);
            sockets.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing is all that matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(FlakyTcpProxy::closeQuietly);
        threads.shutdownNow();
    }
}
