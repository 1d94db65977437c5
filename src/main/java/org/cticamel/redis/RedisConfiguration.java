package org.cticamel.redis;

import org.apache.camel.CamelConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * The Redis connection of the service (Lettuce, shared and multiplexed; to one server, through Sentinel or
 * to a Cluster, see {@link RedisUrl}) and the String-serialized template that every spring-redis endpoint
 * uses, so keys and values stay readable with redis-cli; and a second one, with threads of its own, for work in
 * the background that reads a whole directory (the number-alias passes): a lookup's HGET never waits behind the
 * reply of a pass's HSCAN, on the wire or in the thread that decodes it.
 */
public class RedisConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConfiguration.class);

    @PropertyInject(value = "cti.redis.url", defaultValue = "")
    private String url;

    @PropertyInject(value = "cti.redis.timeout-ms", defaultValue = "500")
    private long timeoutMs;

    @PropertyInject(value = "cti.redis.embedded-port", defaultValue = "6379")
    private int embeddedPort;

    @PropertyInject(value = "cti.redis.cluster-refresh-ms", defaultValue = "5000")
    private long clusterRefreshMs;

    // Made once, by whichever method Camel calls first: it binds a class's methods in no fixed order, so these
    // beans reach each other by a call here, not by @BeanInject.
    private ClientResources resources;
    private RedisUrl target;
    private LettuceConnectionFactory factory;
    private StringRedisTemplate template;
    private LettuceConnectionFactory backgroundFactory;

    /**
     * Lettuce's threads; reconnect backoff capped at 1 s (Lettuce's own cap of 30 s would leave lookups failing long after Redis is back).
     * Shut down by the connection factory, after it: Camel destroys beans in the order they were bound, and a
     * client shut down after its resources can wait for ever.
     */
    @BindToRegistry("redisClientResources")
    public ClientResources redisClientResources() {
        if (resources == null) {
            resources = newClientResources();
        }
        return resources;
    }

    private static ClientResources newClientResources() {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /** CTI_REDIS_URL parsed (one server, Sentinel or Cluster); with it unset, an embedded redis-server started here. */
    @BindToRegistry("redisUrl")
    public RedisUrl redisUrl() throws IOException {
        if (target == null) {
            target = RedisUrl.parse(url.isBlank() ? EmbeddedRedis.start(embeddedPort).url() : url);
        }
        return target;
    }

    @BindToRegistry(value = "redisConnectionFactory", destroyMethod = "destroy")
    public LettuceConnectionFactory redisConnectionFactory() throws IOException {
        if (factory == null) {
            factory = connect(redisClientResources(), redisUrl());
            LOG.info("Redis at {}", target);
        }
        return factory;
    }

    /** The background connection, with threads of its own, which it shuts down after its client. */
    @BindToRegistry(value = "redisBackgroundConnectionFactory", destroyMethod = "destroy")
    public LettuceConnectionFactory redisBackgroundConnectionFactory() throws IOException {
        if (backgroundFactory == null) {
            backgroundFactory = connect(newClientResources(), redisUrl());
        }
        return backgroundFactory;
    }

    private LettuceConnectionFactory connect(ClientResources resources, RedisUrl target) {
        Duration timeout = Duration.ofMillis(timeoutMs);
        // Fail fast while disconnected: FreeSWITCH waits on every xml_curl call, a not-found now beats a hang.
        ClientOptions.Builder options = target.isCluster()
                ? ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofMillis(clusterRefreshMs))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                : ClientOptions.builder();
        options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build());
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(timeout)
                .clientResources(resources)
                .clientOptions(options.build());
        if (target.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory connected = new ServiceConnectionFactory(target.springConfiguration(), client.build(), resources);
        connected.afterPropertiesSet();
        connected.start();
        return connected;
    }

    @BindToRegistry("redisTemplate")
    public StringRedisTemplate redisTemplate() throws IOException {
        if (template == null) {
            template = new StringRedisTemplate(redisConnectionFactory());
            template.afterPropertiesSet();
        }
        return template;
    }

    /** async-redis:hget / hgetall, for the routes on an HTTP event loop (xml-curl): the same connection as spring-redis. */
    @BindToRegistry("async-redis")
    public AsyncRedisComponent asyncRedis() throws IOException {
        return new AsyncRedisComponent(redisConnectionFactory());
    }

    @BindToRegistry("keyspaceNotifications")
    public KeyspaceNotifications keyspaceNotifications() throws IOException {
        return new KeyspaceNotifications(redisTemplate());
    }

    @BindToRegistry("stringSerializer")
    public StringRedisSerializer stringSerializer() {
        return StringRedisSerializer.UTF_8;
    }
}
