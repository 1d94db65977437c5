package org.cticamel.directory;

/**
 * 64-bit FNV-1a: cheap enough for every lookup served and every value a number-alias pass reads (a SHA-256 was
 * 2-3% of a lookup's CPU under the C1 JIT, which has no SHA intrinsics). Callers say what a collision costs them.
 */
final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    static long of(CharSequence text) {
        long hash = OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * PRIME;
        }
        return hash;
    }

    static long of(byte[] bytes) {
        long hash = OFFSET;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * PRIME;
        }
        return hash;
    }
}
