package org.cticamel.redis;

import java.util.Set;
import java.util.regex.Pattern;

/** FreeSWITCH's switch_true(): how it reads a boolean param ("yes", "on", "true", "1", ...). */
public final class SwitchTrue {

    private static final Set<String> TRUE = Set.of("true", "yes", "on", "t", "enabled", "active", "allow");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    private static final Pattern ZERO = Pattern.compile("-?0+");

    private SwitchTrue() {
    }

    public static boolean test(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase();
        return TRUE.contains(v) || isNumber(v) && !ZERO.matcher(v).matches();
    }

    /** An integer, as FreeSWITCH's atoi-based params (cacheable, ...) read it. */
    public static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }
}
