package org.cticamel.xmlcurl;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's Vert.x server with the limits mod_xml_curl's endpoint needs before anything is authenticated:
 * a connection silent for the idle timeout is closed (idle keep-alive, stalled headers or body), a body
 * over camel.server.max-body-size gets 413 while it arrives, and a multipart upload is never written to
 * disk (Camel's body handler keeps Vert.x's default of storing uploads even with file uploads disabled).
 * And it listens only when {@link #open()} is called: Camel 4.17 starts this server, as a context service,
 * before the routes add their handlers, and until then every request got 404 (FreeSWITCH asks for
 * sofia.conf as mod_sofia loads); {@link XmlCurlWarmUp} opens it once the routes and the warm-up are done.
 */
public class XmlCurlVertxServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlVertxServer.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final long idleTimeoutMs;
    private HttpServer server;
    private volatile boolean listening;

    public XmlCurlVertxServer(VertxPlatformHttpServerConfiguration configuration, long idleTimeoutMs) {
        super(configuration);
        this.configuration = configuration;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** Camel's router, bound again with our body handler: the platform-http routes ask it for theirs. */
    @Override
    protected void initializeServer() {
        super.initializeServer();
        String name = VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort());
        VertxPlatformHttpRouter camels = VertxPlatformHttpRouter.lookup(getCamelContext(), name);
        BodyHandler body = BodyHandler.create(false);
        if (configuration.getMaxBodySize() != null) {
            body.setBodyLimit(configuration.getMaxBodySize());
        }
        Handler<RoutingContext> resumed = context -> {
            // as Camel's own body handler: the request was paused until a route took it
            context.request().resume();
            body.handle(context);
        };
        // replaced, not bound beside it; and the configuration bound too: the platform-http engine finds the
        // port of its routes by the single router or configuration of its type, and with /observe on a port of
        // its own there are two routers
        getCamelContext().getRegistry().bind("xmlCurlServerConfiguration", configuration);
        getCamelContext().getRegistry().unbind(name);
        VertxPlatformHttpRouter router = new VertxPlatformHttpRouter(this, getVertx(), camels, name) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return resumed;
            }
        };
        router.errorHandler(503, XmlCurlVertxServer::timedOut);
        getCamelContext().getRegistry().bind(name, router);
    }

    /**
     * A request its route's requestTimeout ended (Vert.x's TimeoutHandler fails it with 503, answered after this):
     * one WARN line, in place of Vert.x's ERROR "Unhandled exception in router". A connection whose body never came
     * in full is closed after the 503: it cannot carry another request.
     */
    private static void timedOut(RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean stalled = !request.isEnded();
        LOG.warn("HTTP 503 for {} {} from {}: not answered within the request timeout{}", request.method(), request.path(),
                request.remoteAddress(), stalled ? ", its body still incomplete" : "");
        if (stalled) {
            context.response().endHandler(v -> request.connection().close());
        }
    }

    /** A server made with our options, Camel's router (its sub-router) serving; it listens in {@link #open()}. */
    @Override
    protected void startServer() {
        server = createServer();
    }

    /**
     * No HTTP/2 upgrade and no WebSocket compression: mod_xml_curl speaks HTTP/1.1, and the handlers they put in
     * every connection's pipeline cost each lookup (the console's WebSocket works uncompressed).
     */
    private HttpServer createServer() {
        HttpServerOptions options = new HttpServerOptions().setIdleTimeout((int) idleTimeoutMs)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setHttp2ClearTextEnabled(false)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        String name = VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort());
        return getVertx().createHttpServer(options).requestHandler(VertxPlatformHttpRouter.lookup(getCamelContext(), name));
    }

    /**
     * Runs {@code work} with the port of a second listener on loopback, serving the same routes, then closes it:
     * the warm-up's lookups take the whole path a request takes (Vert.x, the consumer, Lettuce)
     * before the configured port opens.
     */
    public <T> T onLoopback(IntFunction<T> work) throws Exception {
        HttpServer loopback = createServer();
        loopback.listen(0, InetAddress.getLoopbackAddress().getHostAddress()).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        try {
            return work.apply(loopback.actualPort());
        } finally {
            loopback.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Listens from now on (once); returns when it does, fails when it cannot. */
    public synchronized void open() throws Exception {
        if (!listening) {
            server.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            listening = true;
        }
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
            listening = false;
        }
    }

    /** Closes the Vert.x instance when it is ours (Camel's close needs the executor of its own start). */
    @Override
    protected void stopVertx() {
        if (getVertx() != null && lookupVertx() == null) {
            getVertx().close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Camel's platform-http engine asks this for the port its routes are on: before listening, the configured one. */
    @Override
    public HttpServer getServer() {
        return listening ? server : null;
    }

    @Override
    public int getPort() {
        return listening ? server.actualPort() : super.getPort();
    }
}
