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

    @BindToRegistry("sofiaProfiles")
    public SofiaProfiles sofiaProfiles(@BeanInject("templates") Configuration templates) {
        return new SofiaProfiles(templates);
    }

    @BindToRegistry("sofiaGateways")
    public SofiaGatewayReader sofiaGateways(@BeanInject("sofiaProfiles") SofiaProfiles profiles) {
        return new SofiaGatewayReader(profiles);
    }

    @BindToRegistry("appliedGateways")
    public AppliedGateways appliedGateways(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @BeanInject("sofiaGateways") SofiaGatewayReader reader, @BeanInject("freeswitchBoxes") FreeswitchBoxes boxes) {
        return new AppliedGateways(redis, reader, boxes);
    }

    @BindToRegistry("gatewayChanges")
    public GatewayChanges gatewayChanges(@BeanInject("appliedGateways") AppliedGateways applied,
            @BeanInject("freeswitchBoxes") FreeswitchBoxes boxes,
            @PropertyInject(value = "cti.domain", defaultValue = "") String domain,
            @PropertyInject(value = "cti.live.gateway-delete-wait-ms", defaultValue = "3000") long deleteWaitMs) {
        return new GatewayChanges(applied, boxes, domain, deleteWaitMs);
    }
}
