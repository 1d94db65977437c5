package org.cticamel.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request the API refuses: the HTTP status, the field at fault ({@code param.password}, {@code domain}, ...)
 * and what is wrong with it. Routes turn it into the JSON reply {@code {"field": ..., "problem": ...}}.
 */
public class ApiProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String field;

    public ApiProblem(int status, String field, String problem) {
        super(problem);
        this.status = status;
        this.field = field;
    }

    /** 400: the request itself is wrong. */
    public static ApiProblem invalid(String field, String problem) {
        return new ApiProblem(400, field, problem);
    }

    /**
     * The problem a failure carries (Camel wraps what a bean expression throws), or a 500 for anything else,
     * which says no more than that: the details are in the log, never in a reply.
     */
    public static ApiProblem in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiProblem problem) {
                return problem;
            }
        }
        return new ApiProblem(500, null, "internal error, logged");
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** The reply body. */
    public String json() {
        Map<String, String> body = new LinkedHashMap<>();
        if (field != null) {
            body.put("field", field);
        }
        body.put("problem", getMessage());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
