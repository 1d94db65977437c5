package org.cticamel.api;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The params and attributes whose values FreeSWITCH reads as a type (a number, a switch, a regex, an ACL):
 * a value it would misread is refused before it is stored. Names as FreeSWITCH compares them, ignoring case.
 * Each rule returns the problem with a value, or null when FreeSWITCH reads it as meant.
 */
final class ParamTypes {

    private static final Set<String> SWITCH = Set.of("true", "false", "yes", "no", "on", "off", "1", "0");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");
    private static final Pattern IPV4_CIDR = Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/([0-9]{1,2}|1[01][0-9]|12[0-8])");
    /** An ACL of acl.conf (a name without '/', which FreeSWITCH would read as a CIDR). */
    private static final Pattern ACL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** What a number-alias is dialled and asked for as: user=<alias> of a SIP URI. */
    static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9+_.-]{1,64}");

    static final UnaryOperator<String> BOOLEAN = v -> SWITCH.contains(v.toLowerCase()) ? null
            : "must be true or false";
    static final UnaryOperator<String> COUNT = v -> WHOLE.matcher(v).matches() ? null
            : "must be a whole number (0 or more)";
    static final UnaryOperator<String> POSITIVE = v -> WHOLE.matcher(v).matches() && Long.parseLong(v) > 0 ? null
            : "must be a whole number above 0";
    /** cacheable: milliseconds, or true for "until flushed" (an empty value means no caching). */
    static final UnaryOperator<String> CACHEABLE = v -> v.equalsIgnoreCase("true") || WHOLE.matcher(v).matches() ? null
            : "must be a whole number of milliseconds or true";
    /** PCRE in FreeSWITCH; Java's syntax refuses the same broken patterns (unbalanced groups, bad escapes). */
    static final UnaryOperator<String> REGEX = v -> {
        try {
            Pattern.compile(v);
            return null;
        } catch (PatternSyntaxException e) {
            return "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
    };
    /** switch_check_network_list_ip: a value with '/' is a comma-separated list of CIDRs, else one ACL name. */
    static final UnaryOperator<String> ACL = v -> {
        if (v.indexOf('/') < 0) {
            return ACL_NAME.matcher(v).matches() ? null : "must be an ACL name of acl.conf or CIDRs separated by commas";
        }
        for (String cidr : v.split(",", -1)) {
            String c = cidr.trim();
            if (!IPV4_CIDR.matcher(c).matches() && !IPV6_CIDR.matcher(c).matches()) {
                return "has '" + c + "', which is not a CIDR such as 192.168.0.0/24";
            }
        }
        return null;
    };
    static final UnaryOperator<String> A1_HASH = v -> v.matches("[0-9a-fA-F]{32}") ? null
            : "must be 32 hex digits: md5 of <id>:<domain>:<password>";
    static final UnaryOperator<String> NUMBER_ALIAS = v -> ALIAS.matcher(v).matches() ? null
            : "must be 1-64 letters, digits or + _ . -";
    static final UnaryOperator<String> TRANSPORT = v -> Set.of("udp", "tcp", "tls", "sctp").contains(v.toLowerCase()) ? null
            : "must be udp, tcp, tls or sctp";

    static final Map<String, UnaryOperator<String>> EXTENSION_PARAMS = Map.of(
            "a1-hash", A1_HASH,
            "allow-empty-password", BOOLEAN,
            "sip-forbid-register", BOOLEAN,
            "max-registrations-per-extension", POSITIVE,
            "auth-acl", ACL,
            "user-agent-filter", REGEX);
    static final Map<String, UnaryOperator<String>> EXTENSION_ATTRIBUTES = Map.of(
            "cacheable", CACHEABLE,
            "number-alias", NUMBER_ALIAS);
    static final Map<String, UnaryOperator<String>> GATEWAY_PARAMS = Map.ofEntries(
            Map.entry("register", BOOLEAN),
            Map.entry("caller-id-in-from", BOOLEAN),
            Map.entry("extension-in-contact", BOOLEAN),
            Map.entry("contact-in-ping", BOOLEAN),
            Map.entry("distinct-to", BOOLEAN),
            Map.entry("expire-seconds", POSITIVE),
            Map.entry("retry-seconds", POSITIVE),
            Map.entry("ping", COUNT),
            Map.entry("ping-max", POSITIVE),
            Map.entry("ping-min", POSITIVE),
            Map.entry("register-transport", TRANSPORT));

    private ParamTypes() {
    }

    /** Checks each value of a section whose name has a rule; "" means "not set" and is always fine. */
    static void check(String section, Map<String, String> values, Map<String, UnaryOperator<String>> rules) {
        values.forEach((name, value) -> {
            UnaryOperator<String> rule = rules.get(name.toLowerCase());
            String problem = rule == null || value.isEmpty() ? null : rule.apply(value);
            if (problem != null) {
                throw ApiProblem.invalid(section + "." + name, problem);
            }
        });
    }
}
