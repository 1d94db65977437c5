package org.cticamel.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Whose call a channel is. Every FreeSWITCH channel is one leg: a leg a phone of ours placed
 * ({@code Call-Direction: inbound}, authenticated as a directory user) is that extension's {@code callout};
 * a leg FreeSWITCH places to a directory user ({@code Call-Direction: outbound}, {@code variable_dialed_user},
 * set by the {@code user/} endpoint) is that extension's {@code callin}. On that second leg
 * {@code Caller-Username} is the caller's (the profile is cloned from the A-leg), so it is never used. A
 * trunk's side (a leg from or to a gateway, an unauthenticated caller) is nobody's. An internal call has one
 * leg of each kind, so it updates both extensions' documents.
 */
public final class CallLegs {

    public static final String CALLOUT = "callout";
    public static final String CALLIN = "callin";

    /**
     * One leg of an extension: {@code direction} callout or callin, {@code answered} as FreeSWITCH says
     * (Answer-State), {@code values} the configured fields ("" when absent), {@code node} FreeSWITCH-Switchname.
     */
    public record CallLeg(String extension, String uuid, String node, String direction, boolean answered, List<String> values) {
    }

    private final List<String> fields;

    public CallLegs(List<String> fields) {
        this.fields = List.copyOf(new LinkedHashSet<>(fields)); // the shipped list repeats a name
    }

    /** The configured field names, each once, in the order of cti.json. */
    public List<String> fields() {
        return fields;
    }

    /** The leg of a CHANNEL_* event (or of a {@code uuid_dump}), or null when it is no extension's. */
    public CallLeg leg(Map<String, Object> channel) {
        String uuid = text(channel, "Unique-ID");
        String extension = extension(channel);
        if (uuid.isEmpty() || extension == null) {
            return null;
        }
        String direction = "inbound".equals(text(channel, "Call-Direction")) ? CALLOUT : CALLIN;
        List<String> values = new ArrayList<>(fields.size());
        fields.forEach(name -> values.add(text(channel, name)));
        return new CallLeg(extension, uuid, text(channel, EventUpdates.NODE), direction,
                "answered".equals(text(channel, "Answer-State")), values);
    }

    /**
     * The leg of {@code uuid_dump <uuid> json} output, for a channel that started while the event socket was
     * down; null when it is no extension's, already hanging up, or gone meanwhile ({@code -ERR No such channel!}).
     */
    public CallLeg dumped(String output) {
        Map<String, Object> channel;
        try {
            channel = Json.MAPPER.readValue(output, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            return null;
        }
        return "hangup".equals(text(channel, "Answer-State")) ? null : leg(channel);
    }

    private static String extension(Map<String, Object> channel) {
        if ("inbound".equals(text(channel, "Call-Direction"))) {
            if (!text(channel, "variable_sip_gateway").isEmpty()) {
                return null; // from a trunk: the outside number gets no document
            }
            String user = text(channel, "variable_user_name"); // set by digest (and ACL) authentication
            if (!user.isEmpty()) {
                return user;
            }
            // authorized without a directory user name (e.g. by an ACL): the From user is the phone's
            return "true".equals(text(channel, "variable_sip_authorized")) ? blankToNull(text(channel, "variable_sip_from_user")) : null;
        }
        return blankToNull(text(channel, "variable_dialed_user")); // the user/ endpoint's id, even when dialed by alias
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String text(Map<String, Object> channel, String name) {
        Object value = channel.get(name);
        return value == null ? "" : value.toString();
    }
}
