package org.cticamel.sink;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.cticamel.config.CtiConfig;

/** The beans of the sink routes: {@code sinksRunning} (the feed's gate), {@code webhook} (cti.json's receiver), {@code webhookEnvelope}. */
public class SinkConfiguration implements CamelConfiguration {

    @BindToRegistry("sinksRunning")
    public SinksRunning sinksRunning(CamelContext context) {
        return new SinksRunning(context);
    }

    /** What routes/sink-webhook.camel.yaml passes to the webhook-sink template for cti.json's receiver. */
    @BindToRegistry("webhook")
    public WebhookSink webhook(@BeanInject("ctiConfig") CtiConfig config) {
        return new WebhookSink(config.webhook());
    }

    @BindToRegistry("webhookEnvelope")
    public WebhookEnvelope webhookEnvelope() {
        return new WebhookEnvelope();
    }
}
