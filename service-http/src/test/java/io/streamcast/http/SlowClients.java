package io.streamcast.http;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow-loris flood: {@code count} connections that each send a request's headers one byte at a time and never
 * finish them; a connection the server closes is opened again, as an attacker would. One thread writes them all.
 */
public final class SlowClients implements AutoCloseable {
    private static final byte[] HEADERS = ("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
            + "a".repeat(60_000)).getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final Duration interval;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Integer> sent = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread writer;

    private SlowClients(int port, int count, Duration interval) throws IOException {
        this.port = port;
        this.interval = interval;
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket("127.0.0.1", port));
            sent.add(0);
        }
        writer = new Thread(this::run, "slow-clients");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens {@code count} connections and sends each one byte every {@code interval}, until {@link #close}. */
    public static SlowClients start(int port, int count, Duration interval) throws IOException {
        return new SlowClients(port, count, interval);
    }

    private void run() {
        while (!stop.get()) {
            for (int i = 0; i < sockets.size() && !stop.get(); i++) {
                try {
                    sockets.get(i).getOutputStream().write(HEADERS[sent.get(i) % HEADERS.length]);
                    sent.set(i, sent.get(i) + 1);
                    bytes.incrementAndGet();
                } catch (IOException closed) {
                    reopen(i);
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void reopen(int i) {
        try {
            sockets.get(i).close();
            sockets.set(i, new Socket("127.0.0.1", port));
            sent.set(i, 0);
            reconnects.incrementAndGet();
        } catch (IOException e) {
            // the server accepts no more: try again next round
        }
    }

    /** Bytes sent so far, over all connections. */
    public long bytesSent() {
        return bytes.get();
    }

    /** Connections opened again after the server closed them. */
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        writer.join(10_000);
        HttpProbe.closeAll(sockets);
    }
}
