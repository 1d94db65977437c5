package org.cticamel.xmlcurl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrafficShapingOptions;
import io.vertx.core.streams.ReadStream;

/**
 * The Vert.x of the HTTP server (found in the registry by camel-platform-http): its HTTP servers listen only
 * once {@link #open()} is called. Camel 4.17 starts the server, as a context service, before the routes add
 * their handlers: until then every request got 404 (FreeSWITCH asks for sofia.conf as mod_sofia loads).
 * Here the port opens when the routes have started and the warm-up is done ({@link XmlCurlWarmUp}).
 * VertxWrapper is Vert.x's own delegating base class (an internal package, stable through Vert.x 4).
 */
public class ListenWhenReady extends VertxWrapper {

    private final List<Gated> servers = new ArrayList<>();
    private boolean open;

    public ListenWhenReady(VertxInternal vertx) {
        super(vertx);
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        Gated server = new Gated(delegate.createHttpServer(options));
        synchronized (this) {
            servers.add(server);
            if (open) {
                server.open();
            }
        }
        return server;
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }

    /** Every server listens from now on; waits until they do, and fails when one cannot. */
    public void open() throws Exception {
        List<Future<HttpServer>> listening;
        synchronized (this) {
            open = true;
            listening = servers.stream().map(Gated::open).toList();
        }
        for (Future<HttpServer> future : listening) {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** An HTTP server whose listen is remembered, answered "listening", and done on {@link #open()}. */
    private static final class Gated implements HttpServer {

        private final HttpServer server;
        private SocketAddress address;
        private Future<HttpServer> listening;

        Gated(HttpServer server) {
            this.server = server;
        }

        synchronized Future<HttpServer> open() {
            if (listening == null && address != null) {
                listening = server.listen(address);
            }
            return listening == null ? Future.succeededFuture(this) : listening.map(this);
        }

        @Override
        public synchronized Future<HttpServer> listen(SocketAddress address) {
            this.address = address;
            return Future.succeededFuture(this);
        }

        @Override
        public Future<HttpServer> listen() {
            throw new UnsupportedOperationException("listen() without an address: the port comes from camel.server.port");
        }

        @Override
        public ReadStream<HttpServerRequest> requestStream() {
            return server.requestStream();
        }

        @Override
        public HttpServer requestHandler(Handler<HttpServerRequest> handler) {
            server.requestHandler(handler);
            return this;
        }

        @Override
        public Handler<HttpServerRequest> requestHandler() {
            return server.requestHandler();
        }

        @Override
        public HttpServer invalidRequestHandler(Handler<HttpServerRequest> handler) {
            server.invalidRequestHandler(handler);
            return this;
        }

        @Override
        public HttpServer connectionHandler(Handler<HttpConnection> handler) {
            server.connectionHandler(handler);
            return this;
        }

        @Override
        public HttpServer exceptionHandler(Handler<Throwable> handler) {
            server.exceptionHandler(handler);
            return this;
        }

        @Override
        public ReadStream<ServerWebSocket> webSocketStream() {
            return server.webSocketStream();
        }

        @Override
        public HttpServer webSocketHandler(Handler<ServerWebSocket> handler) {
            server.webSocketHandler(handler);
            return this;
        }

        @Override
        public HttpServer webSocketHandshakeHandler(Handler<ServerWebSocketHandshake> handler) {
            server.webSocketHandshakeHandler(handler);
            return this;
        }

        @Override
        public Handler<ServerWebSocket> webSocketHandler() {
            return server.webSocketHandler();
        }

        @Override
        public Future<Boolean> updateSSLOptions(SSLOptions options, boolean force) {
            return server.updateSSLOptions(options, force);
        }

        @Override
        public void updateTrafficShapingOptions(TrafficShapingOptions options) {
            server.updateTrafficShapingOptions(options);
        }

        @Override
        public Future<Void> close() {
            return server.close();
        }

        @Override
        public void close(Handler<AsyncResult<Void>> handler) {
            server.close(handler);
        }

        /** Before it listens: the port it will listen on (camel-platform-http names its router after it). */
        @Override
        public synchronized int actualPort() {
            return listening == null && address != null ? address.port() : server.actualPort();
        }

        @Override
        public boolean isMetricsEnabled() {
            return server.isMetricsEnabled();
        }
    }
}
