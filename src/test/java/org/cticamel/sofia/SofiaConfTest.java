package org.cticamel.sofia;

import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.cticamel.redis.HashValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mod_sofia's sofia.conf requests (real bodies from FreeSWITCH 1.10.12), with gateways from Redis. */
class SofiaConfTest extends CtiTestSupport {

    private static final String KEY = "cti_gateway@pbx.example.com";
    /** The gateway of the original design note 002. */
    private static final String SEED = """
            {"param": {"register": "true", "caller-id-in-from": "true", "realm": "180.76.224.191:35560", "from-user": "",
                       "destination-prefix": "", "username": "mytrunk", "password": "mytrunk@ddt"},
             "variables": {"sip_sticky_contact": "true"}}""";

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("cti.domain", "pbx.example.com");
        return p;
    }

    @BeforeEach
    void seed() {
        redisTemplate().delete(KEY);
        redisTemplate().opsForHash().put(KEY, "mytrunk", SEED);
    }

    private static String gateway(String profile, String name) {
        return "/document/section[@name='configuration']/configuration[@name='sofia.conf']/profiles/profile[@name='"
                + profile + "']/gateways/gateway[@name='" + name + "']";
    }

    @Test
    void at_module_load_every_profile_comes_with_its_settings_and_the_gateways() throws Exception {
        Document doc = postForXml(body("configuration-sofia.conf"));

        assertEquals("2", xpath(doc, "count(//profiles/profile)"));
        assertEquals("$${internal_sip_port}", xpath(doc, "//profile[@name='internal']/settings/param[@name='sip-port']/@value"));
        assertEquals("$${external_sip_port}", xpath(doc, "//profile[@name='external']/settings/param[@name='sip-port']/@value"));
        assertEquals("mytrunk", xpath(doc, gateway("external", "mytrunk") + "/param[@name='username']/@value"));
        assertEquals("mytrunk@ddt", xpath(doc, gateway("external", "mytrunk") + "/param[@name='password']/@value"));
        assertEquals("180.76.224.191:35560", xpath(doc, gateway("external", "mytrunk") + "/param[@name='realm']/@value"));
        assertEquals("true", xpath(doc, gateway("external", "mytrunk") + "/variables/variable[@name='sip_sticky_contact']/@value"));
        assertEquals("0", xpath(doc, "count(" + gateway("external", "mytrunk") + "/param[@name='from-user'])"),
                "an empty param is not set: FreeSWITCH would send From: <sip:@realm>");
    }

    @Test
    void a_profile_start_or_rescan_gets_that_profile_only() throws Exception {
        Document internal = postForXml(body("configuration-sofia.conf-profile-internal"));
        assertEquals("internal", xpath(internal, "//profiles/profile/@name"));
        assertEquals("1", xpath(internal, "count(//profiles/profile)"));
        assertEquals("0", xpath(internal, "count(//gateway)"));

        Document rescan = postForXml(body("configuration-sofia.conf-external-rescan"));
        assertEquals("external", xpath(rescan, "//profiles/profile/@name"));
        assertEquals("1", xpath(rescan, "count(//profiles/profile)"));
        assertEquals("mytrunk", xpath(rescan, "//gateway/@name"));
    }

    @Test
    void a_gateway_can_name_its_profile_and_the_direction_of_its_variables() throws Exception {
        redisTemplate().opsForHash().put(KEY, "office", """
                {"profile": "internal", "param": {"register": false, "proxy": "10.0.0.9"},
                 "variables": {"inbound:ringback": "%(2000,4000,440,480)", "outbound:sip_cid_type": "pid", "both": "y"}}""");

        Document doc = postForXml(body("configuration-sofia.conf"));
        String office = gateway("internal", "office");
        assertEquals("false", xpath(doc, office + "/param[@name='register']/@value"));
        assertEquals("inbound", xpath(doc, office + "/variables/variable[@name='ringback']/@direction"));
        assertEquals("outbound", xpath(doc, office + "/variables/variable[@name='sip_cid_type']/@direction"));
        assertEquals("0", xpath(doc, "count(" + office + "/variables/variable[@name='both']/@direction)"), "both directions");
        assertEquals("0", xpath(doc, "count(" + gateway("external", "office") + ")"));
    }

    @Test
    void gateways_freeswitch_would_reject_are_left_out_and_logged_while_the_rest_load() throws Exception {
        // captured from the first write on: the live-changes route may read (and report) them before the request does
        try (LogCapture log = LogCapture.of(HashValue.class)) {
            redisTemplate().opsForHash().put(KEY, "bad name!", "{\"param\":{\"register\":false}}");
            redisTemplate().opsForHash().put(KEY, "broken", "{\"param\": {\"username\": \"u\", \"password\": \"secret-pw\"");
            redisTemplate().opsForHash().put(KEY, "nopass", "{\"param\":{\"username\":\"u\"}}");
            redisTemplate().opsForHash().put(KEY, "emptypass", "{\"param\":{\"register\":\"yes\",\"username\":\"u\",\"password\":\"\"}}");

            Document doc = postForXml(body("configuration-sofia.conf"));

            assertEquals("1", xpath(doc, "count(//gateway)"));
            assertEquals("mytrunk", xpath(doc, "//gateway/@name"));
            for (String name : new String[] {"bad name!", "broken", "nopass", "emptypass"}) {
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains(KEY) && l.contains("'" + name + "'")),
                        name + " in " + log.lines());
            }
            assertFalse(log.lines().toString().contains("secret-pw"));
        }
    }

    @Test
    void hostile_values_are_escaped() throws Exception {
        redisTemplate().opsForHash().put(KEY, "x.y-z_1", """
                {"param": {"register": "false", "proxy": "a<b>&\\"c'"}, "variables": {"v": "名字 ${x} $${y}"}}""");

        Document doc = postForXml(body("configuration-sofia.conf-external-rescan"));
        assertEquals("a<b>&\"c'", xpath(doc, gateway("external", "x.y-z_1") + "/param[@name='proxy']/@value"));
        assertEquals("名字 ${x} $${y}", xpath(doc, gateway("external", "x.y-z_1") + "/variables/variable/@value"));
    }

    @Test
    void without_a_configured_domain_the_boxes_own_ipv4_names_the_hash_and_other_files_are_not_found() throws Exception {
        redisTemplate().opsForHash().put("cti_gateway@10.1.2.3", "gw", "{\"param\":{\"register\":\"false\"}}");
        String body = withField(body("configuration-sofia.conf"), "FreeSWITCH-IPv4", "10.1.2.3");

        assertEquals("mytrunk", xpath(postForXml(body), "//gateway/@name"), "CTI_DOMAIN (cti.domain) wins when set");
        assertTrue(isNotFound(postForXml(body("configuration-acl.conf"))));
    }
}
