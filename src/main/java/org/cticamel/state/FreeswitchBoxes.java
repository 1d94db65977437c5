package org.cticamel.state;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.cticamel.config.CtiConfig;
import org.cticamel.esl.EslComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FreeSWITCH boxes: cti.json's {@code freeswitch} list, else the one box {@code freeswitch} of cti.esl.*
 * (CTI_ESL_HOST / PORT / PASSWORD). Each is endpoint {@code esl:<name>} and route {@code esl-events-<name>}, made
 * from route template {@code esl-box} (routes/esl-events.camel.yaml) once the routes are loaded.
 */
public class FreeswitchBoxes implements ExtendedStartupListener {

    /** The name of the one box when cti.json lists none: endpoint esl:freeswitch, as before there were several. */
    public static final String DEFAULT = "freeswitch";
    static final String TEMPLATE = "esl-box";

    private static final Logger LOG = LoggerFactory.getLogger(FreeswitchBoxes.class);

    private final List<String> names;

    FreeswitchBoxes(List<CtiConfig.Freeswitch> boxes, EslComponent component) {
        boxes.forEach(box -> component.addBox(box.name(), Map.of("host", box.host(), "port", box.port(), "password", box.password())));
        this.names = boxes.isEmpty() ? List.of(DEFAULT) : boxes.stream().map(CtiConfig.Freeswitch::name).toList();
        LOG.info("FreeSWITCH boxes: {}", boxes.isEmpty() ? DEFAULT + " (CTI_ESL_HOST / PORT / PASSWORD)" : boxes);
    }

    /** The box names, e.g. [fs1, fs2]: what live changes and a Redis comeback are sent to (esl:<name>). */
    public List<String> names() {
        return names;
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
