package org.cticamel.xmlcurl;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * camel-main's embedded HTTP server (camel.server.*), found through META-INF/services in place of Camel's
 * own factory: the same server, with the connection limits of {@link XmlCurlVertxServer}, and only after
 * {@link XmlCurlExposure} agreed to where it listens.
 */
public class XmlCurlHttpServerFactory extends DefaultMainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        XmlCurlExposure.check(properties.getHost(), context.resolvePropertyPlaceholders("{{cti.http.credentials:}}"),
                Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{cti.http.allow-anonymous:false}}")));
        MainHttpServer camels = (MainHttpServer) super.newHttpServer(context, properties);
        long idleTimeoutMs = Long.parseLong(context.resolvePropertyPlaceholders("{{cti.http.idle-timeout-ms:30000}}"));
        MainHttpServer server = new MainHttpServer() {
            private XmlCurlVertxServer vertx;

            // MainHttpServer makes a plain VertxPlatformHttpServer here; ours is made instead, then started
            // before MainHttpServer looks up the router it binds (MainHttpServer starts none of its own)
            @Override
            protected void doInit() throws Exception {
                vertx = new XmlCurlVertxServer(getConfiguration(), idleTimeoutMs);
                getCamelContext().addService(vertx);
            }

            @Override
            protected void doStart() throws Exception {
                vertx.start();
                super.doStart();
            }
        };
        server.setCamelContext(context);
        server.setConfiguration(camels.getConfiguration());
        return server;
    }
}
