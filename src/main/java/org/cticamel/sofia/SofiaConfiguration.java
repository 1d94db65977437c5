package org.cticamel.sofia;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The beans the sofia.conf and live-changes routes call: {@code sofiaGateways}, {@code appliedGateways}, {@code gatewayChanges}. */
public class SofiaConfiguration implements CamelConfiguration {

    @BindToRegistry("sofiaGateways")
    public SofiaGatewayReader sofiaGateways() {
        return new SofiaGatewayReader();
    }

    @BindToRegistry("appliedGateways")
    public AppliedGateways appliedGateways(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @BeanInject("sofiaGateways") SofiaGatewayReader reader) {
        return new AppliedGateways(redis, reader);
    }

    @BindToRegistry("gatewayChanges")
    public GatewayChanges gatewayChanges(@BeanInject("appliedGateways") AppliedGateways applied,
            @PropertyInject(value = "cti.domain", defaultValue = "") String domain,
            @PropertyInject(value = "cti.live.gateway-delete-wait-ms", defaultValue = "3000") long deleteWaitMs) {
        return new GatewayChanges(applied, domain, deleteWaitMs);
    }
}
