package org.cticamel.sink;

import java.util.Properties;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.cticamel.config.CtiConfigConfiguration;
import org.cticamel.state.CtiUpdate;
import org.junit.jupiter.api.TestInstance;

/**
 * Boots only the sink side: the feed and the sink routes of routes/sink-*.camel.yaml (plus the route files a
 * test adds with {@link #extraRoutes()}), cti.json (the shipped one unless the test says otherwise) and the
 * sink beans; no Redis, no event socket, no HTTP server. {@link #feed} hands updates to the feed as the
 * stores do, through direct:sink-feed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SinkTestSupport extends CamelMainTestSupport {

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new CtiConfigConfiguration());
        configuration.addConfiguration(new SinkConfiguration());
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties properties = new Properties();
        String extra = extraRoutes();
        properties.put("camel.main.routes-include-pattern", "file:routes/sink-*.camel.yaml" + (extra.isEmpty() ? "" : "," + extra));
        properties.put("camel.main.routes-reload-enabled", "false");
        // nothing listens: a sink test needs no port, and tests run side by side
        properties.put("camel.server.enabled", "false");
        properties.put("camel.management.enabled", "false");
        // application.properties points spring-redis at the service's template; the sink routes use no Redis
        properties.put("camel.component.spring-redis.redis-template", "#class:org.springframework.data.redis.core.StringRedisTemplate");
        properties.putAll(extraProperties());
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    /** More route files, as a camel-main include pattern (e.g. {@code classpath:sinks/my-sink.camel.yaml}); none by default. */
    protected String extraRoutes() {
        return "";
    }

    /** Properties a test class adds or overrides (cti.config, cti.sinks.log.enabled, ...). */
    protected Properties extraProperties() {
        return new Properties();
    }

    /** Hands the updates to the sink feed, in this order, as route cti-update does after the stores wrote them. */
    protected void feed(CtiUpdate... updates) {
        for (CtiUpdate update : updates) {
            template.sendBody("direct:sink-feed", update);
        }
    }

    /** An update of a registration, as FreeSWITCH node {@code fs1} reported it. */
    protected static CtiUpdate registration(String extension, String json) {
        return new CtiUpdate("registration", CtiUpdate.SET, extension, json, "fs1");
    }
}
