package org.cticamel.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cticamel.esl.ScriptedEslServer;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls of registered phones, built from the captured FreeSWITCH 1.10.12 channel events, as the calls hash and list show them. */
class CallStateTest extends CallTestSupport {

    @Test
    void the_captured_call_from_an_unauthenticated_caller_on_the_external_profile_is_nobodys() throws Exception {
        for (byte[] frame : ScriptedEslServer.eventFrames("esl-json.txt")) {
            if (new String(frame, java.nio.charset.StandardCharsets.UTF_8).contains("\"Event-Name\":\"CHANNEL_")) {
                peer.send(frame);
            }
        }

        assertEquals(List.of(), settled());
        assertEquals(0L, redisTemplate().opsForHash().size("calls"));
    }

    @Test
    void the_captured_call_placed_by_an_authenticated_phone_is_its_callout_answer_and_hangup() throws Exception {
        List<Map<String, String>> events = captured();
        for (Map<String, String> event : events) {
            Map<String, String> authenticated = new java.util.LinkedHashMap<>(event);
            authenticated.put("variable_user_name", "1001");
            authenticated.put("variable_sip_authorized", "true");
            send(authenticated);
        }

        List<Map<String, Object>> log = settled();
        String uuid = "4b81ab01-aaa2-44fb-bcfa-c8992b3d9549";
        assertEquals(List.of(
                doc("1001", uuid, "callout", Map.of(uuid, call(events.get(0))), List.of(uuid)),
                doc("1001", uuid, "answer", Map.of(uuid, call(events.get(1))), List.of(uuid)),
                doc("1001", uuid, "hangup", Map.of(uuid, call(events.get(2))), List.of())), log);
        // the seed's example: absent headers are "", micro-second timestamps stay strings
        Map<?, ?> answered = (Map<?, ?>) log.get(1).get(uuid);
        assertEquals("9999", answered.get("Caller-Destination-Number"));
        assertEquals("", answered.get("Caller-Callee-ID-Number"));
        assertEquals("1795451130533890", answered.get("Caller-Profile-Created-Time"));
        assertEquals("1795451130533890", answered.get("Caller-Channel-Answered-Time"));
        assertEquals("0", ((Map<?, ?>) log.get(0).get(uuid)).get("Caller-Channel-Answered-Time"));
        assertEquals(log.get(2), stored("1001"));
        assertEquals("{\"username\":\"1001\",\"current\":\"" + uuid + "\",\"notify\":\"hangup\",\"" + uuid + "\":{"
                + "\"Caller-Destination-Number\":\"9999\",\"Caller-Caller-ID-Number\":\"sipp\",\"Caller-Callee-ID-Number\":\"\","
                + "\"Caller-Profile-Created-Time\":\"1795451130533890\",\"Caller-Channel-Answered-Time\":\"1795451130533890\","
                + "\"FreeSWITCH-Switchname\":\"vm\"},\"activity\":[]}", hget("calls", "1001"), "the bytes in Redis");
    }

    @Test
    void an_outbound_call_to_a_number_through_a_gateway_is_the_phones_only() throws Exception {
        Map<String, String> gatewayLeg = Map.of("Call-Direction", "outbound", "Channel-Name", "sofia/gateway/gw5090/5555",
                "Caller-Destination-Number", "5555", "variable_sip_gateway_name", "gw5090");
        Map<String, String> create = phone("CHANNEL_CREATE", "a-1", "1001", "5555");
        Map<String, String> answer = phone("CHANNEL_ANSWER", "a-1", "1001", "5555");
        Map<String, String> hangup = phone("CHANNEL_HANGUP_COMPLETE", "a-1", "1001", "5555");

        send(create);
        send(leg("CHANNEL_CREATE", "b-1", gatewayLeg));
        send(leg("CHANNEL_ANSWER", "b-1", gatewayLeg));
        send(answer);
        send(leg("CHANNEL_HANGUP_COMPLETE", "b-1", gatewayLeg));
        send(hangup);

        assertEquals(List.of(
                doc("1001", "a-1", "callout", Map.of("a-1", call(create)), List.of("a-1")),
                doc("1001", "a-1", "answer", Map.of("a-1", call(answer)), List.of("a-1")),
                doc("1001", "a-1", "hangup", Map.of("a-1", call(hangup)), List.of())), settled());
        assertEquals(java.util.Set.of("1001"), redisTemplate().opsForHash().keys("calls"));
        assertEquals("5555", ((Map<?, ?>) stored("1001").get("a-1")).get("Caller-Destination-Number"));
    }

    @Test
    void an_internal_call_updates_both_extensions_and_the_called_leg_is_never_the_callers() throws Exception {
        Map<String, String> aCreate = phone("CHANNEL_CREATE", "a-2", "1001", "1002");
        Map<String, String> bCreate = toUser("CHANNEL_CREATE", "b-2", "1002", "1001");
        Map<String, String> bAnswer = toUser("CHANNEL_ANSWER", "b-2", "1002", "1001");
        Map<String, String> aAnswer = phone("CHANNEL_ANSWER", "a-2", "1001", "1002");
        Map<String, String> aHangup = phone("CHANNEL_HANGUP_COMPLETE", "a-2", "1001", "1002");
        Map<String, String> bHangup = toUser("CHANNEL_HANGUP_COMPLETE", "b-2", "1002", "1001");

        try (LogCapture sinkLog = LogCapture.of("log-sink")) {
            for (Map<String, String> event : List.of(aCreate, bCreate, bAnswer, aAnswer, aHangup, bHangup)) {
                send(event);
            }

            List<Map<String, Object>> log = settled();
            assertEquals(List.of(
                    doc("1001", "a-2", "callout", Map.of("a-2", call(aCreate)), List.of("a-2")),
                    doc("1002", "b-2", "callin", Map.of("b-2", call(bCreate)), List.of("b-2")),
                    doc("1002", "b-2", "answer", Map.of("b-2", call(bAnswer)), List.of("b-2")),
                    doc("1001", "a-2", "answer", Map.of("a-2", call(aAnswer)), List.of("a-2")),
                    doc("1001", "a-2", "hangup", Map.of("a-2", call(aHangup)), List.of()),
                    doc("1002", "b-2", "hangup", Map.of("b-2", call(bHangup)), List.of())), log);
            assertEquals(log.get(4), stored("1001"));
            assertEquals(log.get(5), stored("1002"));
            // the extra sinks (seda:cti-updates) get the same documents, in the same order
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(6,
                    sinkLog.lines().stream().filter(line -> line.contains("call set 100")).count(), sinkLog.lines().toString()));
            List<Map<String, Object>> copies = sinkLog.lines().stream().filter(line -> line.contains("call set 100"))
                    .peek(line -> assertTrue(line.startsWith("INFO call set " + map(line.substring(line.indexOf(": ") + 2)).get("username") + " from vm: "), line))
                    .map(line -> map(line.substring(line.indexOf(": ") + 2))).toList();
            assertEquals(log, copies);
        }
    }

    @Test
    void an_inbound_trunk_call_to_an_extension_gives_the_outside_number_no_document() throws Exception {
        Map<String, String> trunk = Map.of("Call-Direction", "inbound", "Channel-Name", "sofia/external/4155550100@203.0.113.9",
                "Caller-Caller-ID-Number", "4155550100", "Caller-Destination-Number", "1002", "variable_sip_from_user", "4155550100",
                "variable_sip_gateway", "gw5090");
        Map<String, String> bCreate = toUser("CHANNEL_CREATE", "b-3", "1002", "4155550100");
        Map<String, String> bAnswer = toUser("CHANNEL_ANSWER", "b-3", "1002", "4155550100");
        Map<String, String> bHangup = toUser("CHANNEL_HANGUP_COMPLETE", "b-3", "1002", "4155550100");

        send(leg("CHANNEL_CREATE", "a-3", trunk));
        send(bCreate);
        send(bAnswer);
        send(leg("CHANNEL_ANSWER", "a-3", trunk));
        send(bHangup);
        send(leg("CHANNEL_HANGUP_COMPLETE", "a-3", trunk));

        assertEquals(List.of(
                doc("1002", "b-3", "callin", Map.of("b-3", call(bCreate)), List.of("b-3")),
                doc("1002", "b-3", "answer", Map.of("b-3", call(bAnswer)), List.of("b-3")),
                doc("1002", "b-3", "hangup", Map.of("b-3", call(bHangup)), List.of())), settled());
        assertEquals(java.util.Set.of("1002"), redisTemplate().opsForHash().keys("calls"));
        assertEquals("4155550100", ((Map<?, ?>) stored("1002").get("b-3")).get("Caller-Caller-ID-Number"));
    }

    @Test
    void an_unanswered_call_goes_from_callout_and_callin_straight_to_hangup() throws Exception {
        Map<String, String> aCreate = phone("CHANNEL_CREATE", "a-4", "1001", "1002");
        Map<String, String> bCreate = toUser("CHANNEL_CREATE", "b-4", "1002", "1001");
        Map<String, String> bHangup = unanswered(toUser("CHANNEL_HANGUP_COMPLETE", "b-4", "1002", "1001"), "NO_ANSWER");
        Map<String, String> aHangup = unanswered(phone("CHANNEL_HANGUP_COMPLETE", "a-4", "1001", "1002"), "NO_ANSWER");

        for (Map<String, String> event : List.of(aCreate, bCreate, bHangup, aHangup)) {
            send(event);
        }

        assertEquals(List.of(
                doc("1001", "a-4", "callout", Map.of("a-4", call(aCreate)), List.of("a-4")),
                doc("1002", "b-4", "callin", Map.of("b-4", call(bCreate)), List.of("b-4")),
                doc("1002", "b-4", "hangup", Map.of("b-4", call(bHangup)), List.of()),
                doc("1001", "a-4", "hangup", Map.of("a-4", call(aHangup)), List.of())), settled());
        assertEquals("0", ((Map<?, ?>) stored("1002").get("b-4")).get("Caller-Channel-Answered-Time"));
    }

    private static Map<String, String> unanswered(Map<String, String> hangup, String cause) {
        hangup.put("Caller-Channel-Answered-Time", "0");
        hangup.put("Hangup-Cause", cause);
        return hangup;
    }

    @Test
    void two_calls_of_one_extension_at_once_are_both_active_and_the_document_stays_bounded() throws Exception {
        Map<String, String> xCreate = phone("CHANNEL_CREATE", "x-5", "1001", "5555");
        Map<String, String> xAnswer = phone("CHANNEL_ANSWER", "x-5", "1001", "5555");
        Map<String, String> yCreate = toUser("CHANNEL_CREATE", "y-5", "1001", "1003");
        Map<String, String> yAnswer = toUser("CHANNEL_ANSWER", "y-5", "1001", "1003");
        Map<String, String> xHangup = phone("CHANNEL_HANGUP_COMPLETE", "x-5", "1001", "5555");
        Map<String, String> yHangup = toUser("CHANNEL_HANGUP_COMPLETE", "y-5", "1001", "1003");

        for (Map<String, String> event : List.of(xCreate, xAnswer, yCreate, yAnswer, xHangup, yHangup)) {
            send(event);
        }

        List<Map<String, Object>> log = settled();
        assertEquals(List.of(
                doc("1001", "x-5", "callout", Map.of("x-5", call(xCreate)), List.of("x-5")),
                doc("1001", "x-5", "answer", Map.of("x-5", call(xAnswer)), List.of("x-5")),
                doc("1001", "y-5", "callin", Map.of("x-5", call(xAnswer), "y-5", call(yCreate)), List.of("x-5", "y-5")),
                doc("1001", "y-5", "answer", Map.of("x-5", call(xAnswer), "y-5", call(yAnswer)), List.of("x-5", "y-5")),
                doc("1001", "x-5", "hangup", Map.of("x-5", call(xHangup), "y-5", call(yAnswer)), List.of("y-5")),
                // x is neither active nor current any more: pruned
                doc("1001", "y-5", "hangup", Map.of("y-5", call(yHangup)), List.of())), log);
        assertFalse(stored("1001").containsKey("x-5"));
    }

    @Test
    void a_reconnect_in_the_middle_of_calls_drops_the_ended_ones_keeps_the_live_ones_and_adds_the_missed_ones() throws Exception {
        Map<String, String> ended = phone("CHANNEL_ANSWER", "gone-6", "1001", "5555");
        Map<String, String> live = toUser("CHANNEL_ANSWER", "live-6", "1002", "1001");
        send(phone("CHANNEL_CREATE", "gone-6", "1001", "5555"));
        send(ended);
        send(toUser("CHANNEL_CREATE", "live-6", "1002", "1001"));
        send(live);
        assertEquals(4, settled().size());
        redisTemplate().delete("call-log");
        // another FreeSWITCH's call on the same Redis: not this one's to judge
        String otherBox = "{\"username\":\"1003\",\"current\":\"far-6\",\"notify\":\"answer\",\"far-6\":{\"FreeSWITCH-Switchname\":\"box2\"},"
                + "\"activity\":[\"far-6\"]}";
        redisTemplate().opsForHash().put("calls", "1003", otherBox);
        // while disconnected: gone-6 ended, 1004 answered a call placed to it, a trunk's leg is up
        Map<String, String> missed = toUser("CHANNEL_ANSWER", "missed-6", "1004", "1001");
        missed.put("Event-Name", "CHANNEL_DATA"); // what uuid_dump answers
        peer.jobOutputs.put("show channels as json", JSON.writeValueAsString(Map.of("row_count", 3, "rows", List.of(
                Map.of("uuid", "live-6", "direction", "outbound", "presence_id", "1002@127.0.0.1", "hostname", "vm"),
                Map.of("uuid", "missed-6", "direction", "outbound", "presence_id", "1004@127.0.0.1", "hostname", "vm"),
                Map.of("uuid", "trunk-6", "direction", "inbound", "presence_id", "", "hostname", "vm")))));
        peer.jobOutputs.put("uuid_dump missed-6 json", JSON.writeValueAsString(missed));
        peer.jobOutputs.put("uuid_dump trunk-6 json", JSON.writeValueAsString(leg("CHANNEL_ANSWER", "trunk-6",
                Map.of("variable_sip_gateway", "gw5090"))));
        int commandsBefore = peer.commands.size();

        peer.drop();
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commandsSince(commandsBefore).contains("bgapi uuid_dump trunk-6 json"));

        List<Map<String, Object>> log = settled();
        assertEquals(List.of(
                // ended unseen: out of activity, and as it was current its notify says so
                doc("1001", "gone-6", "hangup", Map.of("gone-6", call(ended)), List.of()),
                doc("1004", "missed-6", "answer", Map.of("missed-6", call(missed)), List.of("missed-6"))), log);
        assertEquals(log.get(0), stored("1001"));
        assertEquals(doc("1002", "live-6", "answer", Map.of("live-6", call(live)), List.of("live-6")), stored("1002"));
        assertEquals(otherBox, hget("calls", "1003"), "another box's call is left as it was, byte for byte");
        assertEquals(log.get(1), stored("1004"));
        assertNull(hget("calls", "4155550100"));
        List<String> asked = peer.commandsSince(commandsBefore).stream().filter(command -> command.startsWith("bgapi uuid_dump")).toList();
        assertEquals(List.of("bgapi uuid_dump missed-6 json", "bgapi uuid_dump trunk-6 json"), asked, "live-6 was known already");
    }
}
