package org.cticamel.directory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.carrotsearch.hppc.LongLongHashMap;

/**
 * What each extension of one directory holds in its holders hash ({@code cti_alias_of@{…}}), as this service last
 * wrote or read it there: a pass compares each value's alias with this copy instead of asking Redis (an HMGET of
 * every chunk was 40% of a pass's Redis time). Kept as 64-bit fingerprints of extension and alias, about 32 bytes an
 * extension. A fingerprint collision could hide a change, and a writer elsewhere (another instance of the service,
 * an edited index, a failover that lost writes) could make the copy wrong: it is dropped whenever the passes' Redis
 * connection (re)connects, whenever a sweep finds the index edited, and every tenth refresh, and the next pass then
 * compares with Redis again. Thread-safe: passes read and write it, the API writes it.
 */
final class HeldAliases {

    /** What {@link #read} gives for an extension not known here: compare with Redis. */
    static final long UNKNOWN = 0;
    private static final long NOTHING = 1;

    private final LongLongHashMap held = new LongLongHashMap();
    /** Counts writes, so that what Redis answered before one is not recorded over it. */
    private long writes;

    /** Into {@code into}, what each extension holds ({@link #UNKNOWN} where not known); returns the write count. */
    synchronized long read(byte[][] extensions, long[] into) {
        for (int i = 0; i < extensions.length; i++) {
            into[i] = held.getOrDefault(Fingerprint.of(extensions[i]), UNKNOWN);
        }
        return writes;
    }

    /** Whether {@code alias} (empty: none) is what {@link #read} gave. */
    static boolean holds(long held, byte[] alias) {
        return held == of(alias);
    }

    /**
     * What Redis answered for extensions not known here (null: holds nothing), unless a write came after {@code
     * writes}: Redis may have answered before it.
     */
    synchronized void readFromRedis(long writes, byte[][] extensions, byte[][] aliases) {
        if (writes == this.writes) {
            for (int i = 0; i < extensions.length; i++) {
                held.put(Fingerprint.of(extensions[i]), of(aliases[i]));
            }
        }
    }

    /** What the apply script left each extension holding (empty: nothing); call it holding this, with the script. */
    synchronized void wrote(List<String> extensions, List<?> aliases) {
        writes++;
        for (int i = 0; i < extensions.size(); i++) {
            held.put(Fingerprint.of(extensions.get(i).getBytes(StandardCharsets.UTF_8)),
                    of(String.valueOf(aliases.get(i)).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Room for {@code extensions} without growing. */
    synchronized void expect(long extensions) {
        held.ensureCapacity((int) Math.min(extensions, Integer.MAX_VALUE / 2));
    }

    /** Forgets everything: the next pass compares with Redis. */
    synchronized void forget() {
        writes++;
        held.clear();
    }

    /** Of an alias; null or empty: none. */
    private static long of(byte[] alias) {
        if (alias == null || alias.length == 0) {
            return NOTHING;
        }
        long fingerprint = Fingerprint.of(alias);
        return fingerprint == UNKNOWN || fingerprint == NOTHING ? 2 : fingerprint;
    }
}
