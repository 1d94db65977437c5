package org.cticamel.esl.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * FreeSWITCH's JSON event as it nearly always is, a flat object of distinct keys with string values, indexed
 * in one pass over the text: a value is decoded only when asked for (a route reads a handful of ~60
 * headers). Unmodifiable, in FreeSWITCH's order.
 */
final class FlatJson extends java.util.AbstractMap<String, Object> {

    private final String text;
    /** The text's characters while it is scanned (an array walks faster than charAt). */
    private char[] chars;
    private final Map<String, Integer> fields = new HashMap<>(128);
    private String[] names = new String[64];
    /**
     * Where each value's characters start and end (between its quotes or brackets); end negative: it is
     * decoded by Jackson when asked for (it has escapes, or it is a list).
     */
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private Map<String, Object> decoded;
    /** Whether a key came twice: the text is then not the same as these headers. */
    private boolean repeated;
    /** Whether the value {@link #string} or {@link #list} last scanned needs Jackson to decode it. */
    private boolean escapes;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * The index of a flat object of strings and lists of strings, or null when the text is anything else (an
     * object value, a number, malformed JSON...): the caller then parses it in full.
     */
    static FlatJson index(String text) {
        FlatJson json = new FlatJson(text);
        return json.scan() ? json : null;
    }

    private boolean scan() {
        chars = text.toCharArray();
        try {
            return scanChars();
        } finally {
            chars = null;
        }
    }

    private boolean scanChars() {
        int i = skipSpace(0);
        if (i >= chars.length || chars[i] != '{') {
            return false;
        }
        i = skipSpace(i + 1);
        if (i < chars.length && chars[i] == '}') {
            return skipSpace(i + 1) == chars.length;
        }
        while (true) {
            int nameEnd = string(i);
            if (nameEnd < 0) {
                return false;
            }
            String name = escapes ? (String) decode(i, nameEnd) : text.substring(i + 1, nameEnd);
            int colon = skipSpace(nameEnd + 1);
            if (colon >= chars.length || chars[colon] != ':') {
                return false;
            }
            int value = skipSpace(colon + 1);
            int valueEnd = value < chars.length && chars[value] == '[' ? list(value) : string(value);
            if (valueEnd < 0 || !add(name, value, valueEnd)) {
                return false;
            }
            i = skipSpace(valueEnd + 1);
            if (i >= chars.length) {
                return false;
            }
            if (chars[i] == '}') {
                return skipSpace(i + 1) == chars.length;
            }
            if (chars[i] != ',') {
                return false;
            }
            i = skipSpace(i + 1);
        }
    }

    /** The index of the closing quote of a valid JSON string opening at {@code quote}, or -1. */
    private int string(int quote) {
        if (quote >= chars.length || chars[quote] != '"') {
            return -1;
        }
        escapes = false;
        for (int i = quote + 1; i < chars.length; i++) {
            char c = chars[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                escapes = true;
                if (++i >= chars.length) {
                    return -1;
                }
                char escaped = chars[i];
                if (escaped == 'u') {
                    for (int hex = 0; hex < 4; hex++) {
                        if (++i >= chars.length || Character.digit(chars[i], 16) < 0) {
                            return -1;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * The index of the closing bracket of a list of strings opening at {@code bracket} (FreeSWITCH writes an
     * ARRAY:: variable, e.g. variable_DP_MATCH, as one), or -1.
     */
    private int list(int bracket) {
        int i = skipSpace(bracket + 1);
        boolean empty = i < chars.length && chars[i] == ']';
        while (!empty) {
            int end = string(i);
            if (end < 0) {
                return -1;
            }
            i = skipSpace(end + 1);
            if (i < chars.length && chars[i] == ']') {
                break;
            }
            if (i >= chars.length || chars[i] != ',') {
                return -1;
            }
            i = skipSpace(i + 1);
        }
        escapes = true; // decoded when asked for
        return i;
    }

    /**
     * Adds the value just scanned. A repeated key (CHANNEL_HANGUP_COMPLETE's Hangup-Cause): the last value
     * wins, in the first one's place, as a Jackson parse into a LinkedHashMap has it.
     */
    private boolean add(String name, int valueQuote, int valueEnd) {
        int n = fields.size();
        Integer seen = fields.putIfAbsent(name, n);
        if (seen != null) {
            starts[seen] = valueQuote + 1;
            ends[seen] = escapes ? -valueEnd : valueEnd;
            repeated = true;
            return true;
        }
        if (n == names.length) {
            names = Arrays.copyOf(names, 2 * n);
            starts = Arrays.copyOf(starts, 2 * n);
            ends = Arrays.copyOf(ends, 2 * n);
        }
        names[n] = name;
        starts[n] = valueQuote + 1;
        ends[n] = escapes ? -valueEnd : valueEnd;
        return true;
    }

    private int skipSpace(int i) {
        while (i < chars.length && (chars[i] == ' ' || chars[i] == '\n' || chars[i] == '\r' || chars[i] == '\t')) {
            i++;
        }
        return i;
    }

    private Object value(int n) {
        return ends[n] >= 0 ? text.substring(starts[n], ends[n]) : decode(starts[n] - 1, -ends[n]);
    }

    /** A string with escapes (e.g. a contact's quoted display name) or a list, by Jackson: seldom asked for. */
    private Object decode(int quote, int end) {
        try {
            return EslEventParser.JSON.readValue(text.substring(quote, end + 1), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a value FlatJson validated: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether a key came more than once (the text then says more than the headers do). */
    boolean repeated() {
        return repeated;
    }

    @Override
    public Object get(Object key) {
        Integer n = fields.get(key);
        return n == null ? null : value(n);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (decoded == null) {
            Map<String, Object> all = new LinkedHashMap<>(2 * fields.size());
            for (int n = 0; n < fields.size(); n++) {
                all.put(names[n], value(n));
            }
            decoded = Collections.unmodifiableMap(all);
        }
        return decoded.entrySet();
    }
}
