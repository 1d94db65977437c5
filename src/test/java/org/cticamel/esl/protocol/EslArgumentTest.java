package org.cticamel.esl.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What may stand as one argument of an ESL API command, and what would split it or end the command. */
class EslArgumentTest {

    @Test
    void a_word_has_no_space_and_no_control_character_and_at_most_256_characters() {
        for (String word : new String[] {"1001", "myphone", "example.com", "a+b_c-d", "r\u00e9ception", "x".repeat(256),
                "\ud83d\udcde".repeat(256)}) {
            assertTrue(EslArgument.isWord(word), word);
        }
        for (String bad : new String[] {null, "", "a b", "a\tb", "a\nb", "a\rb", "a\u000bb", "a\u0000b", "a\u007fb",
                "a\u0085b", "a\u009fb", "a\u2028b", "a\u2029b", "x".repeat(257), "\ud83d\udcde".repeat(257)}) {
            assertFalse(EslArgument.isWord(bad), bad == null ? "null" : bad.codePoints().mapToObj(Integer::toHexString).toList().toString());
        }
    }
}
