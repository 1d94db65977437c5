package org.cticamel.state;

import org.apache.camel.CamelConfiguration;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

import org.cticamel.config.CtiConfig;
import org.cticamel.config.CtiConfigReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The beans the ESL routes call: {@code ctiConfig}, {@code eventUpdates}, {@code redisSinks}, {@code resync}. */
public class StateConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StateConfiguration.class);

    /** cti.json, validated: a mistake stops the start, naming the key. */
    @BindToRegistry("ctiConfig")
    public CtiConfig ctiConfig(@PropertyInject(value = "cti.config", defaultValue = "./cti.json") String path) {
        CtiConfig config = CtiConfigReader.read(Path.of(path));
        LOG.info("cti.json {}: registration {}, gateway {}", path, config.registration(), config.gateway());
        return config;
    }

    @BindToRegistry("eventUpdates")
    public EventUpdates eventUpdates(@PropertyInject(value = "cti.registration.field", defaultValue = "extension") String field) {
        return new EventUpdates(field);
    }

    /**
     * The sinks write on a connection of their own, made by the service's Lettuce client: pipelined writes
     * there never delay a directory lookup, and they may wait for a slow Redis far longer than a lookup may.
     * When Redis answers again after writes were lost, route {@code direct:redis-back} (sinks.camel.yaml)
     * has the lost state resynced.
     */
    @BindToRegistry(value = "redisSinks", destroyMethod = "close")
    public RedisSinks redisSinks(@BeanInject("ctiConfig") CtiConfig config,
            @BeanInject("redisConnectionFactory") LettuceConnectionFactory factory,
            @PropertyInject(value = "cti.redis.max-in-flight", defaultValue = "10000") int maxInFlight,
            @PropertyInject(value = "cti.redis.sink-timeout-ms", defaultValue = "60000") long timeoutMs,
            CamelContext context) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(factory.getHostName())
                .withPort(factory.getPort())
                .withDatabase(factory.getDatabase())
                .withSsl(factory.isUseSsl())
                .withTimeout(Duration.ofMillis(timeoutMs));
        if (factory.getPassword() != null) {
            uri.withPassword(factory.getPassword().toCharArray());
        }
        RedisClient client = (RedisClient) factory.getRequiredNativeClient();
        StatefulRedisConnection<String, String> connection = client.connect(uri.build());
        RedisSinks sinks = new RedisSinks(config, connection, maxInFlight);
        client.addListener(new RedisConnectionStateListener() { // the client's listeners hear all its connections
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> dropped) {
                if (dropped == connection) {
                    sinks.connectionLost();
                }
            }
        });
        ProducerTemplate routes = context.createProducerTemplate();
        sinks.onRedisBack(() -> routes.sendBody("direct:redis-back", null));
        return sinks;
    }

    /** Reads on the sinks' connection, looked up when a resync runs: every bean exists by then. */
    @BindToRegistry("resync")
    public Resync resync(@BeanInject("ctiConfig") CtiConfig config, @BeanInject("eventUpdates") EventUpdates updates,
            CamelContext context) {
        return new Resync(config, () -> context.getRegistry().lookupByNameAndType("redisSinks", RedisSinks.class), updates);
    }
}
