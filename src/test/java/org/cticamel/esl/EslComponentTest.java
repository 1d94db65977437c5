package org.cticamel.esl;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** esl: as a conventional component: each endpoint's options from its URI over the component's defaults. */
class EslComponentTest {

    @Test
    void uri_parameters_override_the_component_defaults_per_endpoint() throws Exception {
        try (ScriptedEslServer fs2 = new ScriptedEslServer("plain"); CamelContext camel = new DefaultCamelContext()) {
            fs2.password = "s3cret";
            fs2.jobOutputs.put("status", "UP fs2\n");
            camel.getComponent("esl", EslComponent.class).setPort(1); // the default points nowhere
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            String uri = "esl:fs2?host=127.0.0.1&port=" + fs2.port() + "&password=RAW(s3cret)&format=plain&heartbeatSeconds=5";

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> producer.requestBody(uri, "status", String.class).equals("UP fs2\n"));

            EslEndpoint endpoint = camel.getEndpoint(uri, EslEndpoint.class);
            assertEquals("fs2", endpoint.name());
            assertEquals(5, endpoint.getConfiguration().getHeartbeatSeconds());
            assertEquals(1, camel.getComponent("esl", EslComponent.class).getConfiguration().getPort(), "the defaults stay");
            assertTrue(fs2.commands.contains("event plain HEARTBEAT BACKGROUND_JOB CUSTOM sofia::register sofia::unregister "
                    + "sofia::expire sofia::gateway_add sofia::gateway_state sofia::gateway_delete"), fs2.commands.toString());
        }
    }

    @Test
    void an_unknown_or_bad_parameter_is_refused_naming_it() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ResolveEndpointFailedException unknown = assertThrows(ResolveEndpointFailedException.class,
                    () -> camel.getEndpoint("esl:fs3?hots=10.0.0.3"));
            assertTrue(unknown.getMessage().contains("hots"), unknown.getMessage());
            ResolveEndpointFailedException format = assertThrows(ResolveEndpointFailedException.class,
                    () -> camel.getEndpoint("esl:fs3?format=xml"));
            assertTrue(format.getMessage().contains("esl:fs3 format must be json or plain, not 'xml'"), format.getMessage());
        }
    }
}
