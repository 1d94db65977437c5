package org.cticamel.sofia;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import freemarker.template.Configuration;
import freemarker.template.Template;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The sofia profiles that templates/sofia.conf.ftl renders: found by rendering it as at module load (no profile
 * asked, no gateways), again whenever FreeMarker reloads an edited template.
 */
public class SofiaProfiles {

    static final String TEMPLATE = "sofia.conf.ftl";

    private final Configuration templates;
    private Template rendered;
    private Set<String> names = Set.of();

    public SofiaProfiles(Configuration templates) {
        this.templates = templates;
    }

    /** The profile names, e.g. [external, internal]; a template that cannot be rendered keeps the last names found. */
    public synchronized Set<String> names() {
        try {
            Template template = templates.getTemplate(TEMPLATE);
            if (template != rendered) {
                names = render(template);
                rendered = template;
            }
        } catch (IOException | RuntimeException e) {
            if (rendered == null) {
                throw new IllegalStateException("templates/" + TEMPLATE + " does not render: " + e.getMessage(), e);
            }
        }
        return names;
    }

    private static Set<String> render(Template template) throws IOException {
        StringWriter xml = new StringWriter();
        try {
            template.process(Map.of("headers", Map.of(), "body", Map.of()), xml);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList profiles = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml.toString())))
                    .getElementsByTagName("profile");
            SortedSet<String> found = new TreeSet<>();
            for (int i = 0; i < profiles.getLength(); i++) {
                found.add(((Element) profiles.item(i)).getAttribute("name"));
            }
            return Collections.unmodifiableSortedSet(found);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
