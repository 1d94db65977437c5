package org.cticamel.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns sofia registration and gateway events into {@link CtiUpdate}s. The registration field is the
 * extension, or user@domain when cti.registration.field says so; gateway_state events, which carry no
 * profile-name, get the one their gateway_add (or the last resync) reported.
 */
public final class EventUpdates {

    public static final String NODE = "FreeSWITCH-Switchname";

    private final boolean userAtDomain;
    private final Map<String, String> gatewayProfiles = new ConcurrentHashMap<>();

    public EventUpdates(String fieldNaming) {
        if (!fieldNaming.equals("extension") && !fieldNaming.equals("user@domain")) {
            throw new IllegalArgumentException("cti.registration.field must be extension or user@domain, not '" + fieldNaming + "'");
        }
        this.userAtDomain = fieldNaming.equals("user@domain");
    }

    /** sofia::register (set), sofia::unregister and sofia::expire (remove); expire names the user "user", not "from-user". */
    public CtiUpdate registration(Map<String, Object> event, String action) {
        String user = first(event, "from-user", "user", "username");
        if (user == null) {
            throw new IllegalArgumentException(event.get("Event-Subclass") + " event without from-user, user or username");
        }
        String field = field(user, first(event, "from-host", "host", "realm"));
        return new CtiUpdate("registration", action, field, Json.write(event), node(event));
    }

    /** The hash field of a registration. */
    public String field(String user, String domain) {
        return userAtDomain && domain != null ? user + "@" + domain : user;
    }

    /** sofia::gateway_add and gateway_state (set), gateway_delete (remove). */
    public CtiUpdate gateway(Map<String, Object> event, String action) {
        Object name = event.get("Gateway");
        if (name == null) {
            throw new IllegalArgumentException(event.get("Event-Subclass") + " event without Gateway");
        }
        Map<String, Object> state = new LinkedHashMap<>(event);
        Object profile = event.get("profile-name");
        if (profile != null) {
            gatewayProfiles.put(name.toString(), profile.toString());
        } else if (gatewayProfiles.containsKey(name.toString())) {
            state.put("profile-name", gatewayProfiles.get(name.toString()));
        }
        return new CtiUpdate("gateway", action, name.toString(), Json.write(state), node(event));
    }

    void rememberProfile(String gateway, String profile) {
        gatewayProfiles.put(gateway, profile);
    }

    private static String node(Map<String, Object> event) {
        Object node = event.get(NODE);
        return node == null ? "" : node.toString();
    }

    private static String first(Map<String, Object> event, String... names) {
        for (String name : names) {
            Object value = event.get(name);
            if (value != null && !value.toString().isEmpty()) {
                return value.toString();
            }
        }
        return null;
    }
}
