package org.cticamel.esl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An answer larger than max-frame-bytes fails its own job: the connection, the other jobs and the events carry on. */
class EslOversizedAnswerTest extends EslTestSupport {

    private static final int LIMIT = 1 << 20;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("camel.component.esl.max-frame-bytes", String.valueOf(LIMIT));
        return properties;
    }

    @Test
    void an_oversized_channels_answer_fails_the_calls_resync_only() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            uuids.add(UUID.randomUUID().toString());
        }
        peer.jobOutputs.put("show channels as json", EslBusyBoxTest.channels(uuids));
        peer.jobOutputs.put("show registrations as json", EslBusyBoxTest.registrations(3));
        int connections = peer.connections.get();

        try (LogCapture calls = LogCapture.of("resync-calls"); LogCapture registrations = LogCapture.of("resync-registrations")) {
            peer.drop();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, calls.lines().size(), calls.lines().toString()));
            String line = calls.lines().get(0);
            assertTrue(line.matches("WARN ESL CONNECTED resync-calls failed: bgapi show channels as json failed: FreeSWITCH's answer was skipped: \\d+ bytes, "
                    + "larger than camel.component.esl.max-frame-bytes \\(" + LIMIT + "\\)"), line);
            await().untilAsserted(() -> assertEquals(List.of("INFO ESL resync of registrations from FreeSWITCH vm: 3 changes"),
                    registrations.lines()));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> peer.connections.get() == connections + 1 && peer.hasClient());
        // the stream is still in step: the next event is taken
        send(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").subList(0, 1));
        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
    }
}
