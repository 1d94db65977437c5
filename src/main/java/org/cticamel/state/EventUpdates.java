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

    /** sofia::register: the phone is registered (every refresh repeats it). */
    public CtiUpdate registered(Map<String, Object> event) {
        return registration(event, CtiUpdate.SET);
    }

    /** sofia::unregister (the phone said goodbye) and sofia::expire (FreeSWITCH's timeout, names the user "user"). */
    public CtiUpdate unregistered(Map<String, Object> event) {
        return registration(event, CtiUpdate.REMOVE);
    }

    /** sofia::gateway_add and sofia::gateway_state: the gateway's latest state. */
    public CtiUpdate gatewayChanged(Map<String, Object> event) {
        return gateway(event, CtiUpdate.SET);
    }

    /** sofia::gateway_delete. */
    public CtiUpdate gatewayDeleted(Map<String, Object> event) {
        return gateway(event, CtiUpdate.REMOVE);
    }

    private CtiUpdate registration(Map<String, Object> event, String action) {
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

    private CtiUpdate gateway(Map<String, Object> event, String action) {
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
