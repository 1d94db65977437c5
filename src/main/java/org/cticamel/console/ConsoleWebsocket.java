package org.cticamel.console;

import java.net.URI;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponentConfigurer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpointConfigurer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultExchange;

/**
 * The vertx-websocket component with its WebSockets on the HTTP server of /fs/xml: consumers join
 * platform-http's Vert.x router instead of opening a server of their own (what the stock component does,
 * on another port), and a handshake gets through only with the credentials of {@code refused} (a request
 * it matches gets 401) and from a page of the same origin (403 otherwise: another site's page must not
 * ride on credentials the browser remembers).
 */
public final class ConsoleWebsocket extends VertxWebsocketComponent {

    private final Predicate refused;

    public ConsoleWebsocket(Predicate refused) {
        this.refused = refused;
    }

    /** The stock options (sendToAll, ...): the configurers Camel finds by class name are the stock class's. */
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new VertxWebsocketComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new VertxWebsocketEndpointConfigurer();
    }

    /**
     * No Vert.x of its own (the stock component starts one here): platform-http's is taken when the first
     * consumer starts, since platform-http's server only starts after the components.
     */
    @Override
    protected void doStart() {
    }

    /** When a consumer starts: platform-http's server is up by then (its own consumers need it too). */
    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration, VertxWebsocketHostKey key) {
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(getCamelContext(), VertxPlatformHttpRouter.class);
        if (router == null) {
            throw new IllegalStateException("vertx-websocket: no platform-http server to join (camel.server.enabled)");
        }
        setVertx(router.vertx());
        return new Host(getCamelContext(), new VertxWebsocketHostConfiguration(router.vertx(), router, null, null), key);
    }

    /** Routes on the shared router; the server is platform-http's, so it is neither started nor stopped here. */
    private final class Host extends VertxWebsocketHost {

        private final VertxPlatformHttpRouter router;
        private final CamelContext context;
        private Route guard;

        Host(CamelContext context, VertxWebsocketHostConfiguration configuration, VertxWebsocketHostKey key) {
            super(context, configuration, key);
            this.context = context;
            this.router = (VertxPlatformHttpRouter) configuration.getRouter();
        }

        @Override
        public void connect(VertxWebsocketConsumer consumer) {
            // added first, so it runs before the upgrade handler that super.connect adds for the same path
            guard = router.route(consumer.getEndpoint().getConfiguration().getWebsocketURI().getPath()).handler(this::guard);
            super.connect(consumer);
        }

        /** The consumer stops (its route stopped or reloaded): the pages are told, so they reconnect to the next one. */
        @Override
        public void disconnect(String path) {
            getConnectedPeers().forEach(peer -> peer.getWebSocket().close());
            if (guard != null) {
                guard.remove();
                guard = null;
            }
            super.disconnect(path);
        }

        @Override
        public void start() {
            // platform-http's server already serves the router
        }

        private void guard(RoutingContext routing) {
            HttpServerRequest request = routing.request();
            DefaultExchange handshake = new DefaultExchange(context);
            handshake.getMessage().setHeader("Authorization", request.getHeader(HttpHeaders.AUTHORIZATION));
            if (refused.matches(handshake)) {
                routing.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"cti-camel\"").end();
            } else if (!sameOrigin(request.getHeader(HttpHeaders.ORIGIN), request.getHeader(HttpHeaders.HOST))) {
                routing.response().setStatusCode(403).end();
            } else {
                routing.next();
            }
        }

        /** A browser always sends Origin on a WebSocket handshake; other clients (no Origin) are not a page. */
        private static boolean sameOrigin(String origin, String host) {
            if (origin == null) {
                return true;
            }
            try {
                return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
