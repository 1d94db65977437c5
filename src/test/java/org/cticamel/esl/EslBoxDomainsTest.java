package org.cticamel.esl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.cticamel.state.FreeswitchBoxes;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two boxes and no CTI_DOMAIN: each box's sofia.conf serves the gateways of its own IPv4 (cti_gateway@<IPv4>), so a
 * gateway edit reaches the box of that domain only.
 */
class EslBoxDomainsTest extends TwoBoxesTestSupport {

    @Override
    protected Properties boxes(ScriptedEslServer fs1, ScriptedEslServer fs2) throws IOException {
        fs1.switchname = "fs1";
        fs1.ipv4 = "192.0.2.1";
        fs2.switchname = "fs2";
        fs2.ipv4 = "192.0.2.2";
        return ScriptedEslServer.boxesProperties("""
                {"freeswitch": [{"name": "fs1", "host": "127.0.0.1", "port": %d}, {"name": "fs2", "host": "127.0.0.1", "port": %d}]}
                """.formatted(fs1.port(), fs2.port()));
    }

    private static List<String> sofiaCommands(ScriptedEslServer box, int from) {
        return box.commandsSince(from).stream().filter(command -> command.startsWith("bgapi sofia profile")).toList();
    }

    @Test
    void a_gateway_edit_reaches_only_the_box_whose_domain_it_is() {
        FreeswitchBoxes boxes = context.getRegistry().lookupByNameAndType("freeswitchBoxes", FreeswitchBoxes.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> boxes.switchnames().equals(Map.of("fs1", "fs1", "fs2", "fs2"))
                && "192.0.2.2".equals(boxes.ipv4("fs2")));
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().put("cti_gateway@192.0.2.2", "carrier", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}");

        await().atMost(Duration.ofSeconds(5)).until(() -> sofiaCommands(fs2, fs2Commands).equals(
                List.of("bgapi sofia profile external startgw carrier")));
        await().during(Duration.ofMillis(500)).until(() -> sofiaCommands(fs1, fs1Commands).isEmpty());
        assertEquals(List.of("carrier"), List.copyOf(redisTemplate().opsForHash().keys("cti_gateway_applied@192.0.2.2/fs2")));
        assertFalse(redisTemplate().hasKey("cti_gateway_applied@192.0.2.2/fs1"));
    }
}
