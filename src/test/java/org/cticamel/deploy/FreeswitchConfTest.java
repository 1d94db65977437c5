package org.cticamel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FreeSWITCH files of freeswitch/ (mounted by docker-compose.yml): well-formed, named as FreeSWITCH
 * looks them up, only parameters the modules know (names from mod_xml_curl.c / mod_event_socket.c of
 * 1.10.12: a misspelt one is silently ignored there), and the essentials of each.
 */
class FreeswitchConfTest {

    static final Path DIR = Path.of("freeswitch");
    static final Path XML_CURL = DIR.resolve("autoload_configs/xml_curl.conf.xml");
    static final Path EVENT_SOCKET = DIR.resolve("autoload_configs/event_socket.conf.xml");
    static final Path MODULES = DIR.resolve("autoload_configs/modules.conf.xml");

    private static final Set<String> XML_CURL_PARAMS = Set.of("gateway-url", "gateway-credentials", "auth-scheme",
            "timeout", "disable-100-continue", "method", "enable-cacert-check", "ssl-cert-path", "ssl-key-path",
            "ssl-key-password", "ssl-version", "ssl-cacert-file", "enable-ssl-verifyhost", "cookie-file",
            "use-dynamic-url", "enable-post-var", "bind-local");
    private static final Set<String> EVENT_SOCKET_PARAMS = Set.of("nat-map", "listen-ip", "listen-port", "password",
            "apply-inbound-acl", "stop-on-bind-error", "debug");
    /** $${name}: a global variable the pre-processor substitutes. */
    private static final Pattern GLOBAL = Pattern.compile("\\$\\$\\{([^}]+)}");

    @Test
    void every_file_is_well_formed_and_named_as_freeswitch_looks_it_up() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DIR)) {
            files = walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertEquals(Set.of(XML_CURL, EVENT_SOCKET, MODULES), Set.copyOf(files));
        for (Path file : files) {
            Element root = parse(file).getDocumentElement();
            assertEquals("configuration", root.getTagName(), file.toString());
            // switch_xml_open_cfg("xml_curl.conf") finds <configuration name="xml_curl.conf">
            assertEquals(file.getFileName().toString().replaceFirst("\\.xml$", ""), root.getAttribute("name"), file.toString());
        }
    }

    @Test
    void xml_curl_binds_directory_and_configuration_with_a_timeout() throws Exception {
        Document doc = parse(XML_CURL);
        assertKnownParams(doc, "/configuration/bindings/binding/param/@name", XML_CURL_PARAMS, XML_CURL);
        assertEquals("1", xpath(doc, "count(/configuration/bindings/binding)"), "one binding");
        Set<String> sections = Set.of(xpath(doc, "//param[@name='gateway-url']/@bindings").split("\\|"));
        assertEquals(Set.of("directory", "configuration"), sections);
        assertTrue(xpath(doc, "//param[@name='gateway-url']/@value").startsWith("http"));
        int timeout = Integer.parseInt(xpath(doc, "//param[@name='timeout']/@value"));
        assertTrue(timeout > 0 && timeout <= 10, "timeout set, in seconds, short enough for a SIP transaction: " + timeout);
        assertGlobalsSetInFile(XML_CURL);
    }

    @Test
    void event_socket_listens_with_a_password() throws Exception {
        Document doc = parse(EVENT_SOCKET);
        assertKnownParams(doc, "/configuration/settings/param/@name", EVENT_SOCKET_PARAMS, EVENT_SOCKET);
        Integer.parseInt(param(doc, "listen-port"));
        assertFalse(param(doc, "listen-ip").isEmpty());
        assertFalse(param(doc, "password").isEmpty());
        assertGlobalsSetInFile(EVENT_SOCKET);
    }

    @Test
    void modules_load_xml_curl_before_sofia_and_the_event_socket() throws Exception {
        NodeList loads = nodes(parse(MODULES), "/configuration/modules/load/@module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < loads.getLength(); i++) {
            modules.add(loads.item(i).getNodeValue());
        }
        assertEquals(modules.size(), new HashSet<>(modules).size(), "no module twice: " + modules);
        assertTrue(modules.contains("mod_event_socket"), modules.toString());
        assertTrue(modules.contains("mod_sofia"), modules.toString());
        assertTrue(modules.indexOf("mod_xml_curl") >= 0 && modules.indexOf("mod_xml_curl") < modules.indexOf("mod_sofia"),
                "mod_xml_curl before mod_sofia: " + modules);
    }

    /** Parsed as FreeSWITCH's files are meant to be: plain XML, no DTD. */
    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    static String xpath(Document doc, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    /** The value of a param of the file's settings or binding. */
    static String param(Document doc, String name) throws Exception {
        return xpath(doc, "//param[@name='" + name + "']/@value");
    }

    /** The environment variable an {@code exec-set ... printenv VAR} line of the file reads into global {@code name}. */
    static String environmentOf(Document doc, String global) throws Exception {
        String data = xpath(doc, "//X-PRE-PROCESS[@cmd='exec-set' and starts-with(@data, '" + global + "=')]/@data");
        Matcher m = Pattern.compile(Pattern.quote(global) + "=printenv (\\w+)").matcher(data);
        return m.matches() ? m.group(1) : null;
    }

    /** The global a {@code $${name}} value refers to, or null for a literal value. */
    static String globalOf(String value) {
        Matcher m = GLOBAL.matcher(value);
        return m.matches() ? m.group(1) : null;
    }

    private static NodeList nodes(Document doc, String expression) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.NODESET);
    }

    private static void assertKnownParams(Document doc, String expression, Set<String> known, Path file) throws Exception {
        NodeList names = nodes(doc, expression);
        assertTrue(names.getLength() > 0, file.toString());
        for (int i = 0; i < names.getLength(); i++) {
            String name = names.item(i).getNodeValue();
            assertTrue(known.contains(name), file + ": param " + name + " is not one the module reads");
        }
    }

    /** Every $${name} of the file is set by an X-PRE-PROCESS of the file, so a typo cannot expand to "". */
    private static void assertGlobalsSetInFile(Path file) throws Exception {
        Document doc = parse(file);
        Matcher m = GLOBAL.matcher(readString(file));
        while (m.find()) {
            String name = m.group(1);
            String setters = xpath(doc, "count(//X-PRE-PROCESS[starts-with(@data, '" + name + "=')])");
            assertEquals("1", setters, file + ": $${" + name + "} is set once in the file");
        }
        NodeList pre = nodes(doc, "//X-PRE-PROCESS/@cmd");
        for (int i = 0; i < pre.getLength(); i++) {
            assertTrue(Arrays.asList("set", "exec-set").contains(pre.item(i).getNodeValue()), file.toString());
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
