package org.cticamel.sofia;

import java.util.List;
import java.util.Map;

/** One {@code <gateway>} of a sofia.conf profile, as templates/sofia.conf.ftl renders it. */
public record SofiaGateway(String name, Map<String, String> params, List<Variable> variables) {

    /** A gateway variable; direction is "inbound", "outbound" or null (both). */
    public record Variable(String name, String value, String direction) {
    }
}
