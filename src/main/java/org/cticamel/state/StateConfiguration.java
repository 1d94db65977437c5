package org.cticamel.state;

import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;

import org.cticamel.CtiApplication;
import org.cticamel.config.CtiConfig;
import org.cticamel.config.CtiConfigReader;
import org.cticamel.metrics.CtiMeters;
import org.cticamel.sink.WebhookSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The beans the ESL routes call: {@code ctiConfig}, {@code webhook}, {@code eventUpdates}, {@code redisSinks},
 * {@code resync}, {@code callLegs}, {@code callState}.
 */
public class StateConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StateConfiguration.class);

    /** cti.json, validated: a mistake stops the start, naming the key. */
    @BindToRegistry("ctiConfig")
    public CtiConfig ctiConfig(@PropertyInject(value = "cti.config", defaultValue = "./cti.json") String path) {
        CtiConfig config = CtiConfigReader.read(Path.of(path));
        LOG.info("cti.json {}: registration {}, call {}, gateway {}, {}", path, config.registration(), config.call(), config.gateway(),
                config.webhook());
        return config;
    }

    /** What routes/webhook-sink.camel.yaml reads with {{bean:webhook.*}}. */
    @BindToRegistry("webhook")
    public WebhookSink webhook(@BeanInject("ctiConfig") CtiConfig config) {
        return new WebhookSink(config.webhook());
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
    public RedisStores redisSinks(@BeanInject("ctiConfig") CtiConfig config,
            @BeanInject("redisConnectionFactory") LettuceConnectionFactory factory,
            @BeanInject("ctiMeters") CtiMeters meters,
            @PropertyInject(value = "cti.redis.max-in-flight", defaultValue = "10000") int maxInFlight,
            @PropertyInject(value = "cti.redis.sink-timeout-ms", defaultValue = "60000") long timeoutMs,
            CamelContext context) throws InterruptedException {
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
        StatefulRedisConnection<String, String> connection = connectWhenReachable(client, uri.build());
        RedisStores sinks = new RedisStores(config, connection, maxInFlight, meters.redisErrors("sink"));
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

    /**
     * An unreachable Redis does not stop the service: it waits here, saying so, and starts once Redis
     * answers (lookups need Redis anyway; later outages are the connection's own reconnects).
     */
    private static StatefulRedisConnection<String, String> connectWhenReachable(RedisClient client, RedisURI uri)
            throws InterruptedException {
        String where = uri.getHost() + ":" + uri.getPort();
        long started = System.nanoTime();
        long nextReport = 0;
        while (true) {
            try {
                StatefulRedisConnection<String, String> connection = client.connect(uri);
                if (nextReport > 0) {
                    LOG.info("Redis {} reachable after {} s, starting", where, (System.nanoTime() - started) / 1_000_000_000);
                }
                return connection;
            } catch (RedisException e) {
                long waited = (System.nanoTime() - started) / 1_000_000_000;
                if (waited >= nextReport) {
                    LOG.warn("Redis {} unreachable ({}); waiting for it, retrying every second (CTI_REDIS_URL)", where,
                            CtiApplication.rootMessage(e));
                    nextReport = waited + 30;
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Reads on the sinks' connection, looked up when a resync runs: every bean exists by then. */
    @BindToRegistry("resync")
    public Resync resync(@BeanInject("ctiConfig") CtiConfig config, @BeanInject("eventUpdates") EventUpdates updates,
            CamelContext context) {
        return new Resync(config, () -> context.getRegistry().lookupByNameAndType("redisSinks", RedisStores.class), updates);
    }

    @BindToRegistry("callLegs")
    public CallLegs callLegs(@BeanInject("ctiConfig") CtiConfig config) {
        return new CallLegs(config.call().fields());
    }

    /**
     * Call documents are written by a Lua script on the sinks' connection; each new document is then handed to
     * route direct:call-updated (the extra sinks), in order, from the thread that reads Redis's replies.
     */
    @BindToRegistry("callState")
    public CallState callState(@BeanInject("ctiConfig") CtiConfig config, @BeanInject("callLegs") CallLegs legs,
            CamelContext context) {
        ProducerTemplate template = context.createProducerTemplate();
        return new CallState(config, legs.fields(), () -> context.getRegistry().lookupByNameAndType("redisSinks", RedisStores.class),
                update -> template.sendBody("direct:call-updated", update));
    }
}
