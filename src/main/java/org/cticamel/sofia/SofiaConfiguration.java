package org.cticamel.sofia;

import freemarker.template.Configuration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.cticamel.state.FreeswitchBoxes;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The beans the sofia.conf and live-changes routes call: {@code sofiaProfiles}, {@code sofiaGateways}, {@code appliedGateways}, {@code gatewayChanges}. */
public class SofiaConfiguration implements CamelConfiguration {

    @BeanInject("templates")
    private Configuration templates;

    @BeanInject("redisTemplate")
    private StringRedisTemplate redis;

    @BeanInject("freeswitchBoxes")
    private FreeswitchBoxes boxes;

    // Made once, by whichever method Camel calls first: it binds a class's methods in no fixed order, so these
    // beans reach each other by a call here, not by @BeanInject.
    private SofiaProfiles profiles;
    private SofiaGatewayReader gateways;
    private AppliedGateways applied;

    @BindToRegistry("sofiaProfiles")
    public SofiaProfiles sofiaProfiles() {
        if (profiles == null) {
            profiles = new SofiaProfiles(templates);
        }
        return profiles;
    }

    @BindToRegistry("sofiaGateways")
    public SofiaGatewayReader sofiaGateways() {
        if (gateways == null) {
            gateways = new SofiaGatewayReader(sofiaProfiles());
        }
        return gateways;
    }

    @BindToRegistry("appliedGateways")
    public AppliedGateways appliedGateways() {
        if (applied == null) {
            applied = new AppliedGateways(redis, sofiaGateways(), boxes);
        }
        return applied;
    }

    @BindToRegistry("gatewayChanges")
    public GatewayChanges gatewayChanges(@PropertyInject(value = "cti.domain", defaultValue = "") String domain,
            @PropertyInject(value = "cti.live.gateway-delete-wait-ms", defaultValue = "3000") long deleteWaitMs) {
        return new GatewayChanges(appliedGateways(), boxes, domain, deleteWaitMs);
    }
}
