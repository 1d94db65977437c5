package org.cticamel.xmlcurl;

import java.util.Arrays;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The platform-http engine of /fs/xml (the endpoint's {@code platformHttpEngine}): Camel's Vert.x consumer, except
 * that the body is gathered on the event loop and the exchange goes to a worker thread only once all of it is here.
 * A body that is slow or never comes holds no worker thread, so FreeSWITCH's lookups never queue behind it; the
 * route's requestTimeout ends it with 503 ({@link XmlCurlVertxServer}). The message body is then the form's bytes
 * for {@link XmlCurlForm}, in one array; a body over camel.server.max-body-size is instead the
 * {@link XmlCurlForm.Refused} (413) it earns, at once, and the rest is read and dropped. A request without the
 * credentials (CTI_HTTP_CREDENTIALS) is not waited for at all: its body is dropped unread and the route answers 401.
 */
public class XmlCurlEngine extends VertxPlatformHttpEngine {

    private final XmlCurlCredentials credentials;
    private final int maxBodyBytes;

    public XmlCurlEngine(XmlCurlCredentials credentials, int maxBodyBytes) {
        this.credentials = credentials;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Not bound as "platform-http-engine", as Camel's does here: only the endpoints that name this one use it. */
    @Override
    protected void doInit() {
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        String router = VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort());
        return new VertxPlatformHttpConsumer(endpoint, processor, getHandlers(), router) {
            // on the event loop; the exchange is processed on a worker thread when the future completes
            @Override
            protected Future<Void> populateCamelMessage(RoutingContext context, Exchange exchange, Message message) {
                super.populateCamelMessage(context, exchange, message); // headers; the request stays paused (useBodyHandler=false)
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
        };
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
