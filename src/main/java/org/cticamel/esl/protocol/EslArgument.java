package org.cticamel.esl.protocol;

/**
 * Whether a value may stand as one argument of an API command sent over the event socket: FreeSWITCH splits
 * arguments at spaces and ends a command at a line break, so a value from Redis or a request with either
 * would change the command (or add one).
 */
public final class EslArgument {

    private EslArgument() {
    }

    /**
     * One word of 1 to 256 characters: no space, line break or other control character (C0, DEL, C1, and the
     * Unicode line and paragraph separators). A loop, not a regular expression: it runs on every lookup served.
     */
    public static boolean isWord(String value) {
        if (value == null || value.isEmpty() || value.length() > 256 && value.codePointCount(0, value.length()) > 256) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
