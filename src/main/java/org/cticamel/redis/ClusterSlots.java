package org.cticamel.redis;

import io.lettuce.core.cluster.SlotHash;
import org.cticamel.config.CtiConfig;

/**
 * On a Redis Cluster, the keys that one Lua script touches must live in one hash slot. The call-state script
 * writes gui.call's hash and list together; every other script touches a single key. Redis hashes only the
 * part of a name between the first {@code {}} and the next {@code }}} (a hash tag), so {@code {cti}calls} and
 * {@code {cti}calls-log} share a slot.
 */
public final class ClusterSlots {

    private ClusterSlots() {
    }

    /** Throws, in one line naming the keys, when cti.json's names would make a script fail on a Cluster. */
    public static void check(CtiConfig config) {
        CtiConfig.Store call = config.call();
        if (call.hash().isEmpty() || call.list().isEmpty()) {
            return;
        }
        int hash = SlotHash.getSlot(call.hash());
        int list = SlotHash.getSlot(call.list());
        if (hash != list) {
            throw new IllegalStateException("cti.json gui.call hash '" + call.hash() + "' (slot " + hash + ") and list '" + call.list()
                    + "' (slot " + list + ") are in different Redis Cluster slots, but one script writes both: give them "
                    + "the same hash tag, e.g. '{cti}" + call.hash() + "' and '{cti}" + call.list() + "'");
        }
    }
}
