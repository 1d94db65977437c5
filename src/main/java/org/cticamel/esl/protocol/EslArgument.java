package org.cticamel.esl.protocol;

import java.util.regex.Pattern;

/**
 * Whether a value may stand as one argument of an API command sent over the event socket: FreeSWITCH splits
 * arguments at spaces and ends a command at a line break, so a value from Redis or a request with either
 * would change the command (or add one).
 */
public final class EslArgument {

    private static final Pattern WORD = Pattern.compile("[^\\s\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}]{1,256}");

    private EslArgument() {
    }

    /** One word of 1 to 256 characters: no space, line break or other control character. */
    public static boolean isWord(String value) {
        return value != null && WORD.matcher(value).matches();
    }
}
