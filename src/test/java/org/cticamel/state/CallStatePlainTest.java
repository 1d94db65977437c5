package org.cticamel.state;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The captured channel events of the plain-text run (URL-encoded headers) give the same call documents. */
class CallStatePlainTest extends CallTestSupport {

    @Override
    protected String format() {
        return "plain";
    }

    @Test
    void the_captured_plain_call_is_nobodys_as_captured_and_the_phones_once_authenticated() throws Exception {
        for (byte[] frame : ScriptedEslServer.eventFrames("esl-plain.txt")) {
            if (new String(frame, StandardCharsets.UTF_8).contains("Event-Name: CHANNEL_")) {
                peer.send(frame); // as captured: sipp on the external profile, not authenticated
            }
        }
        assertEquals(List.of(), settled());

        List<Map<String, String>> events = captured();
        for (Map<String, String> event : events) {
            Map<String, String> authenticated = new LinkedHashMap<>(event);
            authenticated.put("variable_user_name", "1001");
            authenticated.put("variable_sip_authorized", "true");
            send(authenticated);
        }

        String uuid = events.get(0).get("Unique-ID");
        List<Map<String, Object>> log = settled();
        assertEquals(List.of(
                doc("1001", uuid, "callout", Map.of(uuid, call(events.get(0))), List.of(uuid)),
                doc("1001", uuid, "answer", Map.of(uuid, call(events.get(1))), List.of(uuid)),
                doc("1001", uuid, "hangup", Map.of(uuid, call(events.get(2))), List.of())), log);
        assertEquals("9999", ((Map<?, ?>) log.get(1).get(uuid)).get("Caller-Destination-Number"));
        assertEquals(log.get(2), stored("1001"));
    }
}
