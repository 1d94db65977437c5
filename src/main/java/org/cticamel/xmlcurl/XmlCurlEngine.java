package org.cticamel.xmlcurl;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The platform-http engine of /fs/xml (the endpoint's {@code platformHttpEngine}): Camel's Vert.x engine, with
 * {@link XmlCurlConsumer} as its consumer (the route on the event loop, the body gathered there, credentials first).
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
        return new XmlCurlConsumer(endpoint, processor, getHandlers(), router, credentials, maxBodyBytes);
    }
}
