package org.cticamel.console;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.cticamel.api.ApiCredentials;
import org.cticamel.config.CtiConfig;
import org.cticamel.state.RedisStores;

/**
 * The beans of the live console (routes/sink-console.camel.yaml), guarded by the API's {@code apiCredentials}
 * (ApiConfiguration, bound before): the {@code vertx-websocket} component on the HTTP server of /fs/xml,
 * {@code consoleSnapshot} and {@code consoleSequence} (numbers the pushed updates, so a browser that misses
 * one knows to catch up).
 */
public class ConsoleConfiguration implements CamelConfiguration {

    @BindToRegistry("vertx-websocket")
    public ConsoleWebsocket websocket(@BeanInject("apiCredentials") ApiCredentials credentials) {
        return new ConsoleWebsocket(credentials);
    }

    /** The stores' connection, looked up when a page asks: every bean exists by then. */
    @BindToRegistry("consoleSnapshot")
    public ConsoleSnapshot consoleSnapshot(@BeanInject("ctiConfig") CtiConfig config, CamelContext context) {
        return new ConsoleSnapshot(config, () -> context.getRegistry().lookupByNameAndType("redisStores", RedisStores.class));
    }

    @BindToRegistry("consoleSequence")
    public AtomicLong consoleSequence() {
        return new AtomicLong();
    }
}
