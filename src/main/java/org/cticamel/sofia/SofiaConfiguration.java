package org.cticamel.sofia;

import org.apache.camel.BindToRegistry;

/** The bean the sofia.conf route calls: {@code sofiaGateways}. */
@org.apache.camel.Configuration
public class SofiaConfiguration {

    @BindToRegistry("sofiaGateways")
    public SofiaGatewayReader sofiaGateways() {
        return new SofiaGatewayReader();
    }
}
