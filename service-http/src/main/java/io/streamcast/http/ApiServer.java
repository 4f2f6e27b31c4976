package io.streamcast.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HTTP server of streams-app and model-trainer: Jetty, with the limits of {@link HttpLimits}, HTTPS when
 * {@link HttpSettings#tls} is set, and before every handler the {@link SecurityHeaders}, the {@link HostCheck}
 * and, when {@link HttpSettings#token} is set, {@link BearerAuth}.
 *
 * <p>Handlers are written against the JDK's {@code com.sun.net.httpserver} API, which Jetty implements
 * ({@code jetty-http-spi}). Routing and the filters run here rather than through that API's contexts: Jetty's
 * contexts route by path segment and skip a context's filters, where the JDK's route by the longest prefix and
 * apply them. One Jetty context at {@code /} hands every request to {@link #dispatch}.
 */
public final class ApiServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final List<Filter> filters;
    private final String scheme;
    /** The bound port, kept after close (Jetty's connector forgets it). */
    private final int port;
    /** Routes, longest prefix first. */
    private final List<Map.Entry<String, HttpHandler>> routes = new CopyOnWriteArrayList<>();

    /**
     * Binds now (the port is known before {@link #start}); add {@link #route}s, then start.
     *
     * @param threadName names the threads, {@code threadName-N}
     * @param threads    at most this many requests are handled at once (more wait in a queue)
     * @param publicPath which request paths need no token
     * @throws IOException when the address cannot be bound
     */
    public ApiServer(HttpSettings settings, String threadName, int threads, Predicate<String> publicPath)
            throws IOException {
        this.server = new Server(HttpLimits.threadPool(threadName, threads),
                new ScheduledExecutorScheduler(threadName + "-scheduler", true), null);
        HttpConfiguration http = HttpLimits.httpConfiguration();
        server.setErrorHandler(new JsonErrors());
        this.connector = new ServerConnector(server, 1, 1, connectionFactories(settings.tls(), http));
        connector.setHost(settings.bindHost());
        connector.setPort(settings.port());
        connector.setIdleTimeout(HttpLimits.IDLE_SECONDS * 1000L);
        server.addConnector(connector);
        server.addBean(HttpLimits.connectionLimit(server));
        server.setHandler(new ContextHandlerCollection());
        server.setStopTimeout(1_000);
        new JettyHttpServer(server, true).createContext("/", this::dispatch);
        List<Filter> chain = new ArrayList<>(List.of(new SecurityHeaders(), new HostCheck(settings.hosts())));
        if (settings.token() != null) {
            chain.add(new BearerAuth(settings.token(), publicPath));
        }
        this.filters = List.copyOf(chain);
        this.scheme = settings.scheme();
        connector.open();
        this.port = connector.getLocalPort();
    }

    private static ConnectionFactory[] connectionFactories(TlsSettings tls, HttpConfiguration http) {
        if (tls == null) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        http.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.store());
        ssl.setKeyStorePassword(tls.password());
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, http11.getProtocol()), http11};
    }

    /** Routes requests whose path starts with {@code path} (the longest such route wins) to the handler. */
    public void route(String path, HttpHandler handler) {
        routes.add(Map.entry(path, handler));
        routes.sort(Comparator.comparingInt((Map.Entry<String, HttpHandler> r) -> r.getKey().length()).reversed());
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        HttpHandler handler = routes.stream().filter(r -> path != null && path.startsWith(r.getKey()))
                .map(Map.Entry::getValue).findFirst()
                .orElse(e -> Exchanges.send(e, 404, "application/json",
                        "{\"error\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8)));
        new Filter.Chain(filters, handler).doFilter(ex);
    }

    /** Starts answering. */
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    public int port() {
        return port;
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return scheme;
    }

    /** The bound address as {@code HOST:PORT} ({@code [v6]:PORT} for IPv6), for startup lines. */
    public String boundAddress() {
        InetSocketAddress a = address();
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: the connector and threads are gone or going
        }
    }
}
