package org.cticamel.redis;

import java.time.Duration;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import org.springframework.data.redis.connection.ClusterCommandExecutor;
import org.springframework.data.redis.connection.ClusterTopologyProvider;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;
import org.springframework.data.redis.connection.lettuce.LettuceSubscription;

/**
 * spring-data-redis's Lettuce connection factory, for one server, Sentinel or Cluster, with two additions: on
 * a Cluster, pattern subscriptions (the spring-redis PSUBSCRIBE consumers of routes/) listen on every master
 * ({@link AllMastersSubscription}); and destroying it shuts down the client resources after the client.
 */
final class ServiceConnectionFactory extends LettuceConnectionFactory {

    private final ClientResources resources;

    ServiceConnectionFactory(RedisConfiguration configuration, LettuceClientConfiguration client, ClientResources resources) {
        super(configuration, client);
        this.resources = resources;
    }

    @Override
    protected LettuceClusterConnection doCreateLettuceClusterConnection(StatefulRedisClusterConnection<byte[], byte[]> shared,
            LettuceConnectionProvider provider, ClusterTopologyProvider topology, ClusterCommandExecutor executor, Duration timeout) {
        return new LettuceClusterConnection(shared, provider, topology, executor, timeout) {
            @Override
            protected LettuceSubscription doCreateSubscription(MessageListener listener,
                    StatefulRedisPubSubConnection<byte[], byte[]> connection, LettuceConnectionProvider connections) {
                return new AllMastersSubscription(listener, (StatefulRedisClusterPubSubConnection<byte[], byte[]>) connection,
                        connections, resources.eventBus());
            }
        };
    }

    @Override
    public void destroy() {
        super.destroy();
        resources.shutdown();
    }
}
