package org.cticamel.redis;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;
import org.springframework.data.redis.connection.lettuce.LettuceSubscription;
import reactor.core.Disposable;

/**
 * A pattern subscription on a Redis Cluster. Keyspace notifications are sent only by the node that holds the
 * key, so each pattern is subscribed on every master, and again on the masters of a new topology (a failover,
 * a node added). Messages of all nodes reach the one listener. Plain channels stay on one node: a PUBLISH
 * reaches every node of a Cluster.
 */
final class AllMastersSubscription extends LettuceSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(AllMastersSubscription.class);

    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;
    /** Held as ISO-8859-1 strings: byte for byte, and comparable. */
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final Disposable topologyChanges;

    AllMastersSubscription(MessageListener listener, StatefulRedisClusterPubSubConnection<byte[], byte[]> connection,
            LettuceConnectionProvider provider, EventBus events) {
        super(listener, connection, provider);
        this.connection = connection;
        connection.setNodeMessagePropagation(true);
        topologyChanges = events.get().filter(ClusterTopologyChangedEvent.class::isInstance).subscribe(event -> resubscribe());
    }

    @Override
    protected void doPsubscribe(byte[]... added) {
        for (byte[] pattern : added) {
            patterns.add(new String(pattern, StandardCharsets.ISO_8859_1));
        }
        connection.async().masters().commands().psubscribe(added).toCompletableFuture().join();
    }

    @Override
    protected void doPUnsubscribe(boolean all, byte[]... removed) {
        if (all) {
            patterns.clear();
            connection.async().masters().commands().punsubscribe().toCompletableFuture().join();
        } else {
            for (byte[] pattern : removed) {
                patterns.remove(new String(pattern, StandardCharsets.ISO_8859_1));
            }
            connection.async().masters().commands().punsubscribe(removed).toCompletableFuture().join();
        }
    }

    /** A master that already has the patterns just confirms them. */
    private void resubscribe() {
        if (patterns.isEmpty()) {
            return;
        }
        connection.async().masters().commands().psubscribe(patterns.stream()
                .map(pattern -> pattern.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new)).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("Redis Cluster topology changed; subscribing on its masters failed: {} (retried at the next change)", error.toString());
            }
        });
    }

    @Override
    protected void doClose() {
        topologyChanges.dispose();
        super.doClose();
    }
}
