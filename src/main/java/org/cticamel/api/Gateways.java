package org.cticamel.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.redis.SwitchTrue;
import org.cticamel.sofia.SofiaGatewayReader;
import org.cticamel.sofia.SofiaProfiles;

/**
 * The gateway a PUT asks to store in {@code cti_gateway@<domain>}: a name sofia accepts, a profile that
 * templates/sofia.conf.ftl renders, typed params checked, and, since FreeSWITCH registers a gateway unless told
 * not to, username and password unless {@code register} is false. Written back as the JSON sofia.conf renders.
 */
public class Gateways {

    public static final String KEY = "cti_gateway@";
    private static final Set<String> KEYS = Set.of("param", "variables", "profile");
    /** sofia.c accepts gateway names matching ^[\w\.\-\_]+$ only. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** A channel variable, for calls of one direction only with inbound: / outbound:. */
    private static final Pattern VARIABLE = Pattern.compile("((inbound|outbound):)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SofiaProfiles profiles;

    public Gateways(SofiaProfiles profiles) {
        this.profiles = profiles;
    }

    /** The Redis key of a domain's gateways, once the domain is checked. */
    public static String key(String domain) {
        return KEY + Extensions.key(domain).substring(Extensions.KEY.length());
    }

    /** The name, once checked. */
    public static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiProblem.invalid("name", "is not a gateway name sofia accepts (letters, digits, _ . - only)");
        }
        return name;
    }

    /** The value to HSET for a PUT body. */
    public String value(String domain, String name, String body) {
        key(domain);
        name(name);
        RequestBody request = RequestBody.parse(body, KEYS);
        Map<String, String> params = request.section("param", Extensions.NAME, "letters, digits, _ . -");
        Map<String, String> variables = request.section("variables", VARIABLE,
                "letters, digits, _ . -, optionally after inbound: or outbound:");
        String profile = request.text("profile");
        Set<String> rendered = profiles.names();
        String in = profile == null || profile.isEmpty() ? SofiaGatewayReader.DEFAULT_PROFILE : profile;
        if (!rendered.contains(in)) {
            throw ApiProblem.invalid("profile", (profile == null || profile.isEmpty() ? "is needed: the default '" + in + "'" : "'" + in + "'")
                    + " is not a profile of templates/sofia.conf.ftl (" + String.join(", ", rendered) + ")");
        }
        ParamTypes.check("param", params, ParamTypes.GATEWAY_PARAMS);
        String register = params.getOrDefault("register", "");
        if ((register.isEmpty() || SwitchTrue.test(register))
                && (params.getOrDefault("username", "").isEmpty() || params.getOrDefault("password", "").isEmpty())) {
            throw ApiProblem.invalid(params.getOrDefault("username", "").isEmpty() ? "param.username" : "param.password",
                    "is required: the gateway registers (register is true or unset, FreeSWITCH's default)");
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("param", params);
        value.put("variables", variables);
        if (profile != null && !profile.isEmpty()) {
            value.put("profile", profile);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
