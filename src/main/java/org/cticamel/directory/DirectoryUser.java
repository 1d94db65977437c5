package org.cticamel.directory;

import java.util.Map;

/**
 * One {@code <user>} of a directory answer, as templates/directory.ftl renders it: the domain FreeSWITCH
 * asked for (key_value), the extension id, and its params, variables and user attributes, all as strings.
 */
public record DirectoryUser(String domain, String id, Map<String, String> params, Map<String, String> variables,
        Map<String, String> attributes) {
}
