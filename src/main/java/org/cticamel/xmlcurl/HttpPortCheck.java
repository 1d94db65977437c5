package org.cticamel.xmlcurl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Stops the start when the HTTP port is taken. Vert.x would only log it and the service would run on
 * without /fs/xml, looking healthy; checked before anything else starts, with the resolved
 * camel.server.host / camel.server.port (CTI_HTTP_HOST / CTI_HTTP_PORT).
 */
public class HttpPortCheck extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        String host = context.resolvePropertyPlaceholders("{{camel.server.host:0.0.0.0}}");
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{camel.server.port:8080}}"));
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP port " + host + ":" + port + " (CTI_HTTP_HOST / CTI_HTTP_PORT) is not free: "
                    + e.getMessage());
        }
    }
}
