package org.cticamel.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which problems were already logged, so that a bad Redis value read on every REGISTER is
 * logged once (and again once it changes), not thousands of times. Bounded: forgets all past a limit.
 */
public final class ReportOnce {

    private static final int LIMIT = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True the first time this problem is seen. */
    public boolean first(String problem) {
        if (seen.size() >= LIMIT) {
            seen.clear();
        }
        return seen.add(problem);
    }
}
