package org.cticamel.sofia;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The sofia profiles templates/sofia.conf.ftl renders: the template is rendered as for FreeSWITCH's module-load
 * request (no profile asked, no gateways) and the names of its {@code <profile>} elements read back, so an edited
 * template is followed (FreeMarker reloads it; see cti.templates.update-delay-ms).
 */
public class SofiaProfiles {

    private static final String TEMPLATE = "sofia.conf.ftl";

    private final Configuration templates;

    public SofiaProfiles(Configuration templates) {
        this.templates = templates;
    }

    public Set<String> names() {
        try {
            StringWriter xml = new StringWriter();
            templates.getTemplate(TEMPLATE).process(Map.of("headers", Map.of(), "body", Map.of()), xml);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList profiles = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml.toString())))
                    .getElementsByTagName("profile");
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < profiles.getLength(); i++) {
                names.add(((Element) profiles.item(i)).getAttribute("name"));
            }
            return names;
        } catch (IOException | TemplateException | SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("templates/" + TEMPLATE + " does not render: " + e.getMessage(), e);
        }
    }
}
