package org.cticamel;

import java.util.Set;

/** FreeSWITCH's switch_true(): how it reads a boolean param ("yes", "on", "true", "1", ...). */
public final class SwitchTrue {

    private static final Set<String> TRUE = Set.of("true", "yes", "on", "t", "enabled", "active", "allow");

    private SwitchTrue() {
    }

    public static boolean test(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase();
        return TRUE.contains(v) || v.matches("-?[0-9]+") && !v.matches("-?0+");
    }
}
