package org.cticamel.esl;

import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.cticamel.LogCapture;
import org.cticamel.esl.protocol.EslClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The esl: producer itself refuses a command with a line break, whoever builds it: nothing reaches the socket. */
class EslCommandRefusalTest {

    private ScriptedEslServer peer;
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void connect() throws Exception {
        peer = new ScriptedEslServer("json");
        peer.jobOutputs.put("status", "UP 0 years, 0 days\n");
        camel = new DefaultCamelContext();
        camel.getComponent("esl", EslComponent.class).setPort(peer.port());
        camel.start();
        producer = camel.createProducerTemplate();
        // the endpoint connects when it starts: the first command waits for that
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> producer.requestBody("esl:box", "status", String.class).startsWith("UP"));
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        peer.close();
    }

    @Test
    void a_command_with_a_line_break_fails_the_exchange_with_one_warning_and_sends_nothing() {
        for (String command : List.of("status\n\napi system touch /tmp/pwned", "status\r\nbgapi status", "status\r")) {
            int before = peer.commands.size();
            try (LogCapture log = LogCapture.of(EslClient.class)) {
                CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                        () -> producer.requestBody("esl:box", command, String.class));

                assertInstanceOf(IllegalArgumentException.class, failed.getCause());
                assertEquals("bgapi status...: refused, the command contains a line break", failed.getCause().getMessage());
                assertEquals(List.of("WARN ESL 127.0.0.1:" + peer.port() + ": refused to send 'bgapi status...': "
                        + "the command contains a line break (CR or LF)"), log.lines());
            }
            assertEquals("UP 0 years, 0 days\n", producer.requestBody("esl:box", "status", String.class), "the connection carries on");
            assertEquals(List.of("bgapi status"), peer.commandsSince(before));
        }
    }
}
