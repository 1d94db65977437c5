package org.cticamel.sofia;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.cticamel.redis.SwitchTrue;
import org.cticamel.redis.HashValue;

/**
 * Reads hash {@code cti_gateway@<domain>} (field = gateway name, value = JSON with {@code param},
 * {@code variables} and optionally {@code profile}) into the gateways of each sofia profile. A gateway
 * FreeSWITCH would reject, or in a profile the template does not render, is left out with a log line, so
 * that the others still load (and no such name or profile ever reaches a sofia command).
 */
public class SofiaGatewayReader {

    /** The profile of a gateway whose JSON names none. */
    public static final String DEFAULT_PROFILE = "external";
    private static final Set<String> SECTIONS = Set.of("param", "variables", "profile");
    /** sofia.c accepts gateway names matching ^[\w\.\-\_]+$ only. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String INBOUND = "inbound:";
    private static final String OUTBOUND = "outbound:";

    private final SofiaProfiles profiles;

    public SofiaGatewayReader(SofiaProfiles profiles) {
        this.profiles = profiles;
    }

    /** Profile name → its gateways, by gateway name. */
    public Map<String, List<SofiaGateway>> byProfile(@Header("CamelRedis.Key") String key, @Body Map<String, String> hash) {
        Set<String> rendered = profiles.names();
        Map<String, List<SofiaGateway>> byProfile = new TreeMap<>();
        new TreeMap<>(hash).forEach((name, json) -> {
            HashValue value = HashValue.parse(key, name, json, SECTIONS);
            SofiaGateway gateway = value == null ? null : gateway(name, value);
            String profile = value == null ? null : value.text("profile");
            profile = profile == null || profile.isEmpty() ? DEFAULT_PROFILE : profile;
            if (gateway != null && !rendered.contains(profile)) {
                value.report("has profile " + (NAME.matcher(profile).matches() ? "'" + profile + "'" : "(not a profile name)")
                        + ", which templates/" + SofiaProfiles.TEMPLATE + " does not render (it renders " + String.join(", ", rendered)
                        + "); gateway left out");
            } else if (gateway != null) {
                byProfile.computeIfAbsent(profile, p -> new ArrayList<>()).add(gateway);
            }
        });
        return byProfile;
    }

    private static SofiaGateway gateway(String name, HashValue value) {
        Map<String, String> params = value.strings("param");
        Map<String, String> variables = value.strings("variables");
        if (params == null || variables == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            value.report("is not a gateway name FreeSWITCH accepts (letters, digits, _ . - only); gateway left out");
            return null;
        }
        params.values().removeIf(String::isEmpty); // "not set": FreeSWITCH would take "" literally
        // parse_gateways: register defaults to true, and then needs both
        if (SwitchTrue.test(params.getOrDefault("register", "true"))
                && (!params.containsKey("username") || !params.containsKey("password"))) {
            value.report("registers (register is true or unset) but lacks username or password; gateway left out");
            return null;
        }
        List<SofiaGateway.Variable> vars = new ArrayList<>();
        variables.forEach((n, v) -> vars.add(variable(n, v)));
        return new SofiaGateway(name, params, vars);
    }

    /** {@code inbound:name} / {@code outbound:name} set the variable for calls of that direction only. */
    private static SofiaGateway.Variable variable(String name, String value) {
        if (name.startsWith(INBOUND)) {
            return new SofiaGateway.Variable(name.substring(INBOUND.length()), value, "inbound");
        }
        if (name.startsWith(OUTBOUND)) {
            return new SofiaGateway.Variable(name.substring(OUTBOUND.length()), value, "outbound");
        }
        return new SofiaGateway.Variable(name, value, null);
    }
}
