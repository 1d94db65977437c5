package org.cticamel.xmlcurl;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;

/**
 * Camel's Vert.x consumer for /fs/xml, run on the event loop the request came in on, from the first byte to the
 * answer. Camel's own hands every exchange to a worker thread and waits there for Redis; without that hop and wait
 * a warm lookup costs a quarter less CPU with the C2 compiler, about the same with C1 only (docs/benchmarks.md, "the
 * route on the event loop"). The route's Redis steps are async-redis, which hold no thread while Redis answers; a
 * blocking step belongs behind a {@code threads} step (route sofia-conf).
 * <p>
 * The body is gathered on the event loop, so a body that is slow or never comes holds nothing, and the route's
 * requestTimeout ends it with 503 ({@link XmlCurlVertxServer}). The message body is then the form's bytes for
 * {@link XmlCurlForm}, in one array; a body over camel.server.max-body-size is instead the
 * {@link XmlCurlForm.Refused} (413) it earns, at once, and the rest is read and dropped. A request without the
 * credentials (CTI_HTTP_CREDENTIALS) is not waited for at all: its body is dropped unread and the route answers 401.
 * <p>
 * The answer carries the status (CamelHttpResponseCode, else 200), the body, and of the headers only those
 * {@link XmlCurlFields} lets out: nothing else of the exchange is looked at.
 */
final class XmlCurlConsumer extends VertxPlatformHttpConsumer {

    /** The response headers a route may set; {@link XmlCurlFields} says the same to Camel. */
    private static final Set<String> ANSWERED_HEADERS = Set.of("Content-Type", "WWW-Authenticate");

    private final XmlCurlCredentials credentials;
    private final int maxBodyBytes;

    XmlCurlConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers, String router,
            XmlCurlCredentials credentials, int maxBodyBytes) {
        super(endpoint, processor, handlers, router);
        this.credentials = credentials;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleRequest(RoutingContext context) {
        if (isSuspended()) {
            context.response().setStatusCode(503).end();
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, context).onComplete(gathered -> {
            try {
                createUoW(exchange);
            } catch (Exception e) {
                exchange.setException(e);
                answer(context, exchange);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> answer(context, exchange));
        });
    }

    /** On the event loop; the request stays paused until here (useBodyHandler=false). */
    @Override
    protected Future<Void> populateCamelMessage(RoutingContext context, Exchange exchange, Message message) {
        super.populateCamelMessage(context, exchange, message); // Camel's headers
        HttpServerRequest request = context.request();
        message.setBody(null);
        if (!credentials.accepts(request.getHeader("Authorization"))) {
            discardRest(request);
            return Future.succeededFuture();
        }
        return gather(request).map(body -> {
            message.setBody(body);
            return null;
        });
    }

    /**
     * Where the route ended: on this event loop, or on the thread of a {@code threads} step (Vert.x then writes on
     * the connection's event loop). Nothing is written when the request timeout has answered already or the caller
     * has gone; an exception the route did not handle is a 500 with no body, never a stack trace.
     */
    private void answer(RoutingContext context, Exchange exchange) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            done(exchange);
            return;
        }
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        boolean failed = exchange.getException() != null;
        response.setStatusCode(failed ? 500 : status == null ? 200 : status);
        String body = failed ? null : message.getBody(String.class);
        if (!failed) {
            for (String name : ANSWERED_HEADERS) {
                Object value = message.getHeader(name);
                if (value != null) {
                    response.putHeader(name, value.toString());
                }
            }
        }
        response.end(body == null ? "" : body).onComplete(written -> done(exchange));
    }

    private void done(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }

    /**
     * The body as bytes, or the Refused of one over the cap. It never fails: a request whose connection closes first
     * has nobody to answer, and one that stalls is answered by the route's request timeout.
     */
    private Future<Object> gather(HttpServerRequest request) {
        long length = contentLength(request);
        if (length > maxBodyBytes) {
            discardRest(request);
            return Future.succeededFuture(new XmlCurlForm.Refused(413, "body of " + length + " bytes, over " + maxBodyBytes));
        }
        Body body = new Body(length < 0 ? 2048 : (int) length);
        request.handler(body);
        request.endHandler(v -> body.done.tryComplete(body.bytes()));
        request.resume();
        return body.done.future();
    }

    /** One body, gathered on the event loop: sized by Content-Length, each chunk is copied once, into the array the form is parsed from. */
    private final class Body implements Handler<Buffer> {
        private final Promise<Object> done = Promise.promise();
        private byte[] bytes;
        private int size;

        Body(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void handle(Buffer chunk) {
            if (done.future().isComplete()) {
                return; // refused: the rest is read and dropped, as Vert.x's body handler does
            }
            int end = size + chunk.length();
            if (end > maxBodyBytes) {
                done.complete(new XmlCurlForm.Refused(413, "body over " + maxBodyBytes + " bytes"));
                return;
            }
            if (end > bytes.length) { // chunked, or more than Content-Length said
                bytes = Arrays.copyOf(bytes, Math.min(Math.max(end, 2 * bytes.length), maxBodyBytes));
            }
            chunk.getBytes(bytes, size);
            size = end;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    /** The declared length, -1 when there is none (chunked); a value that is not a length counts as too long. */
    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The body of a refused request is read and dropped, as Vert.x's body handler does: the client gets the answer. */
    private static void discardRest(HttpServerRequest request) {
        request.handler(chunk -> { });
        request.resume();
    }
}
