package io.streamcast.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Predicate;

/**
 * The JDK HttpServer of streams-app and model-trainer with what both need: the limits of {@link HttpLimits}, a
 * pool of daemon threads, and, when {@link HttpSettings#token} is set, {@link BearerAuth} on every route.
 */
public final class ApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final BearerAuth auth;

    /**
     * Binds (not started: add {@link #route}s, then {@link #start}).
     *
     * @param threadName names the threads, {@code threadName-N}
     * @param threads    at most this many requests are handled at once (more wait in a queue)
     * @param publicPath which request paths need no token
     */
    private static final SecurityHeaders SECURITY_HEADERS = new SecurityHeaders();

    public ApiServer(HttpSettings settings, String threadName, int threads, Predicate<String> publicPath)
            throws IOException {
        this.server = HttpLimits.create(new InetSocketAddress(settings.bindHost(), settings.port()));
        this.executor = HttpLimits.executor(threadName, threads);
        server.setExecutor(executor);
        this.auth = settings.token() == null ? null : new BearerAuth(settings.token(), publicPath);
    }

    /** Routes requests whose path starts with {@code path} (the longest such route wins) to the handler. */
    public void route(String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(SECURITY_HEADERS);
        if (auth != null) {
            context.getFilters().add(auth);
        }
    }

    public void start() {
        server.start();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address as {@code HOST:PORT} ({@code [v6]:PORT} for IPv6), for startup lines. */
    public String boundAddress() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
