package org.cticamel.esl.protocol;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A frame whose body was longer than the limit and skipped: its headers, the start of its body, its length. */
public record EslOversizedFrame(Map<String, String> headers, String start, int length, int limit) {

    /** Job-UUID as a JSON member or a plain header line (a uuid needs no URL-encoding). */
    private static final Pattern JOB_UUID = Pattern.compile("\"?Job-UUID\"?\\s*:\\s*\"?([0-9A-Za-z-]+)");

    public boolean isEvent() {
        return headers.getOrDefault("Content-Type", "").startsWith("text/event-");
    }

    /** The Job-UUID of a BACKGROUND_JOB event, or null. */
    public String jobUuid() {
        Matcher job = JOB_UUID.matcher(start);
        return start.contains("BACKGROUND_JOB") && job.find() ? job.group(1) : null;
    }

    public String describe() {
        return length + " bytes, larger than camel.component.esl.max-frame-bytes (" + limit + ")";
    }
}
