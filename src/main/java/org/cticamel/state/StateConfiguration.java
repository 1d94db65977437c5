package org.cticamel.state;

import java.time.Duration;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;

import org.cticamel.config.CtiConfig;
import org.cticamel.esl.EslComponent;
import org.cticamel.esl.EslPseudoEvents;
import org.cticamel.metrics.CtiMeters;
import org.cticamel.redis.ClusterSlots;
import org.cticamel.redis.ReachableRedis;
import org.cticamel.redis.RedisUrl;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The beans the ESL routes call: {@code freeswitchBoxes}, {@code eslPseudoEvents}, {@code eventUpdates},
 * {@code redisStores}, {@code resync}, {@code callLegs}, {@code callState}.
 */
public class StateConfiguration implements CamelConfiguration {

    @PropertyInject(value = "cti.registration.field", defaultValue = "extension")
    private String registrationField;

    // Made once, by whichever method Camel calls first: it binds a class's methods in no fixed order, so these
    // beans reach each other by a call here, not by @BeanInject.
    private EventUpdates updates;
    private CallLegs legs;

    /** The FreeSWITCH boxes of cti.json: their esl: endpoints' addresses, and route esl-events-<box> for each. */
    @BindToRegistry("freeswitchBoxes")
    public FreeswitchBoxes freeswitchBoxes(@BeanInject("ctiConfig") CtiConfig config, CamelContext context) throws Exception {
        FreeswitchBoxes boxes = new FreeswitchBoxes(config.freeswitch(), context.getComponent("esl", EslComponent.class));
        context.addStartupListener(boxes);
        return boxes;
    }

    /** Pseudo-events queued behind a box's events (route redis-back). */
    @BindToRegistry("eslPseudoEvents")
    public EslPseudoEvents eslPseudoEvents(CamelContext context) {
        return new EslPseudoEvents(context);
    }

    @BindToRegistry("eventUpdates")
    public EventUpdates eventUpdates() {
        if (updates == null) {
            updates = new EventUpdates(registrationField);
        }
        return updates;
    }

    /**
     * The stores write on a connection of their own, made by the service's Lettuce client: pipelined writes
     * there never delay a directory lookup, and they may wait for a slow Redis far longer than a lookup may.
     * When Redis answers again after writes were lost, route {@code redis-back} (esl-stores.camel.yaml) has
     * the lost state resynced.
     */
    @BindToRegistry(value = "redisStores", destroyMethod = "close")
    public RedisStores redisStores(@BeanInject("ctiConfig") CtiConfig config,
            @BeanInject("redisConnectionFactory") LettuceConnectionFactory factory,
            @BeanInject("redisUrl") RedisUrl url,
            @BeanInject("ctiMeters") CtiMeters meters,
            @PropertyInject(value = "cti.redis.max-in-flight", defaultValue = "10000") int maxInFlight,
            @PropertyInject(value = "cti.redis.store-timeout-ms", defaultValue = "60000") long timeoutMs,
            CamelContext context) throws InterruptedException {
        if (url.isCluster()) {
            ClusterSlots.check(config);
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        StatefulConnection<String, String> connection = ReachableRedis.connect(url, () -> client instanceof RedisClusterClient cluster
                ? cluster.connect() : ((RedisClient) client).connect(url.uri()));
        connection.setTimeout(Duration.ofMillis(timeoutMs));
        RedisStores stores = new RedisStores(config, connection, maxInFlight, meters.redisErrors("sink"));
        if (url.isCluster()) {
            // writes go out on node connections of their own; a new master may lack what the old one acknowledged
            client.getResources().eventBus().get().filter(ClusterTopologyChangedEvent.class::isInstance)
                    .subscribe(changed -> stores.connectionLost());
        } else {
            client.addListener(new RedisConnectionStateListener() { // the client's listeners hear all its connections
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> dropped) {
                    if (dropped == connection) {
                        stores.connectionLost();
                    }
                }
            });
        }
        ProducerTemplate routes = context.createProducerTemplate();
        stores.onRedisBack(() -> routes.sendBody("direct:redis-back", null));
        return stores;
    }

    /** Reads on the stores' connection, looked up when a resync runs: every bean exists by then. */
    @BindToRegistry("resync")
    public Resync resync(@BeanInject("ctiConfig") CtiConfig config, CamelContext context) {
        return new Resync(config, () -> context.getRegistry().lookupByNameAndType("redisStores", RedisStores.class), eventUpdates());
    }

    @BindToRegistry("callLegs")
    public CallLegs callLegs(@BeanInject("ctiConfig") CtiConfig config) {
        if (legs == null) {
            legs = new CallLegs(config.call().fields());
        }
        return legs;
    }

    /**
     * Call documents are written by a Lua script on the stores' connection; each new document is then handed to
     * route call-updated (esl-calls.camel.yaml, into the sink feed), in order, from the thread that reads Redis's replies.
     */
    @BindToRegistry("callState")
    public CallState callState(@BeanInject("ctiConfig") CtiConfig config, CamelContext context) {
        ProducerTemplate template = context.createProducerTemplate();
        return new CallState(config, callLegs(config).fields(), () -> context.getRegistry().lookupByNameAndType("redisStores", RedisStores.class),
                update -> template.sendBody("direct:call-updated", update));
    }
}
