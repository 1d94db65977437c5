package org.cticamel.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.cticamel.config.CtiConfig;
import org.cticamel.esl.EslComponent;
import org.cticamel.redis.ReportOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FreeSWITCH boxes: cti.json's {@code freeswitch} list, else the one box {@code freeswitch} of cti.esl.*
 * (CTI_ESL_HOST / PORT / PASSWORD). Each is endpoint {@code esl:<name>} and route {@code esl-events-<name>}, made
 * from route template {@code esl-box} (routes/esl-events.camel.yaml) once the routes are loaded.
 * <p>
 * With the list, what each box was given (gateways, cached users) is kept under its FreeSWITCH-Switchname: that
 * is what its mod_xml_curl requests carry, and what it answers with over its own event socket (learnt on each
 * connect, {@link #answered}). The one box without a list needs no name: every FreeSWITCH request is its.
 */
public class FreeswitchBoxes implements ExtendedStartupListener {

    /** The name of the one box when cti.json lists none: endpoint esl:freeswitch, as before there were several. */
    public static final String DEFAULT = "freeswitch";
    /** A switchname that may stand in a Redis key name of its box: a host name's characters, as gateway names. */
    public static final Pattern SWITCHNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final String TEMPLATE = "esl-box";

    private static final Logger LOG = LoggerFactory.getLogger(FreeswitchBoxes.class);

    private final List<String> names;
    private final boolean listed;
    /** Box → the switchname it last answered with (only with the list). */
    private final Map<String, String> switchnames = new ConcurrentHashMap<>();
    /** Box → the IPv4 it last answered with (only with the list): the domain of its sofia.conf without cti.domain. */
    private final Map<String, String> ipv4s = new ConcurrentHashMap<>();
    private final ReportOnce reported = new ReportOnce();

    FreeswitchBoxes(List<CtiConfig.Freeswitch> boxes, EslComponent component) {
        boxes.forEach(box -> component.addBox(box.name(), Map.of("host", box.host(), "port", box.port(), "password", box.password())));
        this.listed = !boxes.isEmpty();
        this.names = listed ? boxes.stream().map(CtiConfig.Freeswitch::name).toList() : List.of(DEFAULT);
        LOG.info("FreeSWITCH boxes: {}", listed ? boxes : DEFAULT + " (CTI_ESL_HOST / PORT / PASSWORD)");
    }

    /** The box names, e.g. [fs1, fs2]: what a Redis comeback is sent to (esl:<name>). */
    public List<String> names() {
        return names;
    }

    /** True with cti.json's list: each box's live state is kept under its switchname. */
    public boolean listed() {
        return listed;
    }

    /**
     * The switchname each box's live state is kept under, by box: "" for the one box without a list; with the
     * list, the boxes that answered since the service started (one that has not cannot take a command anyway:
     * the resync when it connects brings it up to date).
     */
    public Map<String, String> switchnames() {
        if (!listed) {
            return Map.of(DEFAULT, "");
        }
        Map<String, String> known = new LinkedHashMap<>();
        names.forEach(name -> {
            String switchname = switchnames.get(name);
            if (switchname != null) {
                known.put(name, switchname);
            }
        });
        return known;
    }

    /** The IPv4 the box last answered with (with the list), or null. */
    public String ipv4(String box) {
        return ipv4s.get(box);
    }

    /**
     * The box answered a command as FreeSWITCH-Switchname {@code switchname} from FreeSWITCH-IPv4 {@code ipv4}
     * (on each connect, route live-resync).
     */
    public void answered(String box, String switchname, String ipv4) {
        if (ipv4 == null) {
            ipv4s.remove(box);
        } else {
            ipv4s.put(box, ipv4);
        }
        if (switchname == null || !SWITCHNAME.matcher(switchname).matches()) {
            switchnames.remove(box);
            if (reported.first(box + '\0' + switchname)) {
                LOG.warn("FreeSWITCH box {} answers with switchname {}: live changes need 1-64 letters, digits, _ . - "
                        + "(switch.conf switchname); none are sent to it", box, switchname == null ? "(none)"
                        : "'" + switchname.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            return;
        }
        String before = switchnames.put(box, switchname);
        if (!switchname.equals(before)) {
            LOG.info("FreeSWITCH box {} is switchname {}: what it was given is kept under that name", box, switchname);
            switchnames.forEach((other, its) -> {
                if (!other.equals(box) && its.equals(switchname)) {
                    // one state for two boxes: the second would be taken for up to date and get no command
                    LOG.warn("FreeSWITCH boxes {} and {} both answer as switchname {}: give each its own (switch.conf "
                            + "switchname), else live changes reach only one", other, box, switchname);
                }
            });
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes are started after this: the boxes' routes are added once all are (onCamelContextFullyStarted)
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        for (String name : names) {
            context.addRouteFromTemplate("esl-events-" + name, TEMPLATE, Map.of("box", name));
        }
    }
}
