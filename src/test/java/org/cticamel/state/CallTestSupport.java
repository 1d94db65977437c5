package org.cticamel.state;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.cticamel.esl.EslTestSupport;
import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.BeforeEach;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Call state tests: the captured CHANNEL_CREATE / CHANNEL_ANSWER / CHANNEL_HANGUP_COMPLETE of FreeSWITCH
 * 1.10.12, replayed as captured or changed into the legs of other calls, with the call list sink on.
 */
public abstract class CallTestSupport extends EslTestSupport {

    /** The configured fields, each once, in cti.json's order (the test cti.json repeats one, as shipped). */
    static final List<String> FIELDS = List.of("Caller-Destination-Number", "Caller-Caller-ID-Number",
            "Caller-Callee-ID-Number", "Caller-Profile-Created-Time", "Caller-Channel-Answered-Time");

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.sinks.log.enabled", "true");
        return properties;
    }

    /** Connected and resynced, every earlier event through (a marker call lands last), Redis empty. */
    @BeforeEach
    void connectedIdleAndEmpty() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi show channels as json"));
        Map<String, String> marker = phone("CHANNEL_CREATE", "marker-uuid", "marker", "1");
        peer.send(peer.event(marker, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> redisTemplate().opsForHash().hasKey("calls", "marker"));
        redisTemplate().delete(List.of("calls", "call-log"));
    }

    /** The captured events of the one captured call, in order, as FreeSWITCH sent them (headers decoded). */
    List<Map<String, String>> captured() throws Exception {
        List<Map<String, String>> events = new ArrayList<>();
        for (byte[] frame : ScriptedEslServer.eventFrames("esl-" + format() + ".txt")) {
            Map<String, String> event = headers(frame);
            if (event.getOrDefault("Event-Name", "").startsWith("CHANNEL_")) {
                events.add(event);
            }
        }
        assertEquals(List.of("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE"),
                events.stream().map(event -> event.get("Event-Name")).toList());
        return events;
    }

    Map<String, String> captured(String eventName) throws Exception {
        return captured().stream().filter(event -> event.get("Event-Name").equals(eventName)).findFirst().orElseThrow();
    }

    /** The decoded headers of a captured frame, JSON or plain. */
    private Map<String, String> headers(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        String body = text.substring(text.indexOf("\n\n") + 2);
        Map<String, String> headers = new LinkedHashMap<>();
        if (format().equals("json")) {
            map(body).forEach((name, value) -> headers.put(name, String.valueOf(value)));
        } else {
            for (String line : body.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    headers.put(line.substring(0, colon), URLDecoder.decode(line.substring(colon + 2), StandardCharsets.UTF_8));
                }
            }
        }
        return headers;
    }

    /** The captured event turned into a leg of another call: new uuid, the given headers (null = absent). */
    Map<String, String> leg(String eventName, String uuid, Map<String, String> changes) throws Exception {
        Map<String, String> event = new LinkedHashMap<>(captured(eventName));
        event.put("Unique-ID", uuid);
        event.put("Caller-Unique-ID", uuid);
        event.put("variable_uuid", uuid);
        changes.forEach((name, value) -> {
            if (value == null) {
                event.remove(name);
            } else {
                event.put(name, value);
            }
        });
        return event;
    }

    /** A leg placed by registered phone {@code user} (authenticated on the internal profile) to {@code dest}. */
    Map<String, String> phone(String eventName, String uuid, String user, String dest) throws Exception {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Call-Direction", "inbound");
        changes.put("Channel-Name", "sofia/internal/" + user + "@127.0.0.1");
        changes.put("Caller-Username", user);
        changes.put("Caller-Caller-ID-Number", user);
        changes.put("Caller-Destination-Number", dest);
        changes.put("Caller-Context", "default");
        changes.put("variable_sip_from_user", user);
        changes.put("variable_user_name", user);
        changes.put("variable_domain_name", "127.0.0.1");
        changes.put("variable_sip_authorized", "true");
        return leg(eventName, uuid, changes);
    }

    /** The leg FreeSWITCH places to registered user {@code user} (bridge user/...), for a call from {@code caller}. */
    Map<String, String> toUser(String eventName, String uuid, String user, String caller) throws Exception {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Call-Direction", "outbound");
        changes.put("Channel-Name", "sofia/internal/" + user + "@127.0.0.1:5062");
        changes.put("Caller-Username", caller); // cloned from the A-leg: the caller's, not this user's
        changes.put("Caller-Caller-ID-Number", caller);
        changes.put("Caller-Destination-Number", user);
        changes.put("Caller-Callee-ID-Number", user);
        changes.put("variable_dialed_user", user);
        changes.put("variable_dialed_domain", "127.0.0.1");
        changes.put("variable_presence_id", user + "@127.0.0.1");
        changes.put("Channel-Presence-ID", user + "@127.0.0.1");
        changes.put("variable_sip_from_user", null);
        return leg(eventName, uuid, changes);
    }

    /** The per-call object the document should hold for this event. */
    static Map<String, Object> call(Map<String, String> event) {
        Map<String, Object> call = new LinkedHashMap<>();
        FIELDS.forEach(name -> call.put(name, event.getOrDefault(name, "")));
        call.put("FreeSWITCH-Switchname", event.get("FreeSWITCH-Switchname"));
        return call;
    }

    /** A whole document: username, current, notify, the calls, activity. */
    static Map<String, Object> doc(String user, String current, String notify, Map<String, Map<String, Object>> calls,
            List<String> activity) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("username", user);
        doc.put("current", current);
        doc.put("notify", notify);
        doc.putAll(calls);
        doc.put("activity", activity);
        return doc;
    }

    void send(Map<String, String> event) throws Exception {
        peer.send(peer.event(event, null));
    }

    /**
     * Every document the call list received for the events sent so far: a fence call is sent last, and since
     * events are applied in order, once it has landed everything before it has too (it is left out).
     */
    List<Map<String, Object>> settled() throws Exception {
        String fence = "fence-" + System.nanoTime();
        send(phone("CHANNEL_CREATE", fence, fence, "1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> redisTemplate().opsForHash().hasKey("calls", fence));
        redisTemplate().opsForHash().delete("calls", fence);
        List<Map<String, Object>> log = new ArrayList<>(redisTemplate().opsForList().range("call-log", 0, -1).stream()
                .map(EslTestSupport::map).toList());
        assertEquals(fence, log.remove(log.size() - 1).get("username"));
        redisTemplate().opsForList().rightPop("call-log");
        return log;
    }

    Map<String, Object> stored(String user) {
        return map(hget("calls", user));
    }
}
