package org.cticamel.esl.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cticamel.LogCapture;
import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 10: a FreeSWITCH that drops us right after each resync is retried ever more slowly, not 35 times in 25 s. */
class EslBackoffTest {

    private static final Pattern DELAY = Pattern.compile("ESL reconnecting to .* in (\\d+) ms");

    private static List<Long> delays(LogCapture log) {
        return log.lines().stream().map(DELAY::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
    }

    @Test
    void the_backoff_grows_while_connections_drop_at_once_and_starts_afresh_after_a_healthy_one() throws Exception {
        try (ScriptedEslServer peer = new ScriptedEslServer("json"); LogCapture log = LogCapture.of(EslClient.class)) {
            peer.dropAfterSubscribe = true;
            EslClient client = new EslClient(new EslSettings("127.0.0.1", peer.port(), "ClueCon", "json", List.of("HEARTBEAT"),
                    List.of(), 20, 3, 50, 400, 1500, 1000, 1 << 20), new EslClient.Listener() {
                        @Override
                        public void connected() {
                        }

                        @Override
                        public void event(EslFrame frame) {
                        }
                    });
            client.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> delays(log).size() >= 6);
                assertEquals(List.of(50L, 100L, 200L, 400L, 400L, 400L), delays(log).subList(0, 6));

                peer.dropAfterSubscribe = false;
                await().atMost(Duration.ofSeconds(10)).until(() -> client.readySince() != null
                        && client.readySince().isBefore(Instant.now().minusMillis(1600)));
                int before = delays(log).size();
                peer.drop();

                await().atMost(Duration.ofSeconds(5)).until(() -> delays(log).size() > before);
                assertEquals(50L, delays(log).get(before), "after a healthy connection the backoff starts afresh");
            } finally {
                client.stop();
            }
        }
    }
}
