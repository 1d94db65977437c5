package org.cticamel.esl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10: a busy box's resync answers are larger than the old 8 MiB frame limit; they were a reconnect loop. */
class EslBusyBoxTest extends EslTestSupport {

    static final int BUSY = 20_000;

    /** FreeSWITCH's own heartbeat interval: the 1 s of the other tests is too short for a 30 MB answer on a loaded CI box. */
    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("camel.component.esl.heartbeat-seconds", "20");
        return properties;
    }

    /** {@code show registrations as json} of that many phones, rows as FreeSWITCH 1.10 writes them. */
    static String registrations(int count) throws JsonProcessingException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = String.valueOf(100_000 + i);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("reg_user", user);
            row.put("realm", "pbx.example.com");
            row.put("token", UUID.randomUUID() + "@10.1.2.3");
            row.put("url", "sofia/internal/sip:" + user + "@10.1.2.3:52341;transport=udp;fs_nat=yes;fs_path=%3Csip%3A" + user
                    + "%4010.1.2.3%3A52341%3Btransport%3Dudp%3E");
            row.put("expires", "1795451249");
            row.put("network_ip", "10.1.2.3");
            row.put("network_port", "52341");
            row.put("network_proto", "udp");
            row.put("hostname", "vm");
            row.put("metadata", "");
            rows.add(row);
        }
        return JSON.writeValueAsString(Map.of("row_count", count, "rows", rows));
    }

    /** {@code show channels as json} of that many channels, with the 38 columns of FreeSWITCH 1.10's channels table. */
    static String channels(List<String> uuids) throws JsonProcessingException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String uuid : uuids) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("uuid", uuid);
            row.put("direction", "inbound");
            row.put("created", "2026-12-02 04:20:01");
            row.put("created_epoch", "1795846801");
            row.put("name", "sofia/internal/100123@pbx.example.com");
            row.put("state", "CS_EXECUTE");
            row.put("cid_name", "Agent 100123");
            row.put("cid_num", "100123");
            row.put("ip_addr", "10.1.2.3");
            row.put("dest", "+14158510070");
            row.put("application", "bridge");
            row.put("application_data", "sofia/gateway/carrier1/+14158510070");
            row.put("dialplan", "XML");
            row.put("context", "default");
            row.put("read_codec", "PCMU");
            row.put("read_rate", "8000");
            row.put("read_bit_rate", "64000");
            row.put("write_codec", "PCMU");
            row.put("write_rate", "8000");
            row.put("write_bit_rate", "64000");
            row.put("secure", "");
            row.put("hostname", "vm");
            row.put("presence_id", "100123@pbx.example.com");
            row.put("presence_data", "");
            row.put("accountcode", "");
            row.put("callstate", "ACTIVE");
            row.put("callee_name", "Outbound Call");
            row.put("callee_num", "+14158510070");
            row.put("callee_direction", "SEND");
            row.put("call_uuid", uuid);
            row.put("sent_callee_name", "Outbound Call");
            row.put("sent_callee_num", "+14158510070");
            row.put("initial_cid_name", "Agent 100123");
            row.put("initial_cid_num", "100123");
            row.put("initial_ip_addr", "10.1.2.3");
            row.put("initial_dest", "+14158510070");
            row.put("initial_dialplan", "XML");
            row.put("initial_context", "default");
            rows.add(row);
        }
        return JSON.writeValueAsString(Map.of("row_count", uuids.size(), "rows", rows));
    }

    /** The bytes of the BACKGROUND_JOB frame that carries this output. */
    private int frameBytes(String output) {
        return peer.event(Map.of("Event-Name", "BACKGROUND_JOB", "Job-UUID", UUID.randomUUID().toString()), output).length;
    }

    @Test
    void twenty_thousand_registrations_and_channels_resync_on_one_connection() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < BUSY; i++) {
            uuids.add(UUID.randomUUID().toString());
        }
        peer.jobOutputs.put("show registrations as json", registrations(BUSY));
        peer.jobOutputs.put("show channels as json", channels(uuids));
        assertTrue(frameBytes(peer.jobOutputs.get("show channels as json")) > 8 << 20, "larger than the old limit");
        // calls the documents hold already: no uuid_dump for each of them (not what is tested here)
        redisTemplate().opsForHash().put("calls", "100123", JSON.writeValueAsString(Map.of("activity", uuids)));
        int connections = peer.connections.get();

        try (LogCapture calls = LogCapture.of("resync-calls")) {
            peer.drop();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertEquals(BUSY, redisTemplate().opsForHash().size("registrations")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                    List.of("INFO ESL resync of calls from FreeSWITCH vm: 0 channels no document holds"), calls.lines()));
        }
        assertEquals(connections + 1, peer.connections.get(), "one reconnect: the drop");
        assertEquals("cti::resync", map(hget("registrations", "119999")).get("Event-Subclass"));
    }
}
