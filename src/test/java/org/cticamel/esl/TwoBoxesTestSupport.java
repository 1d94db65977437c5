package org.cticamel.esl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.AfterAll;

/** The service with two scripted FreeSWITCH boxes, fs1 and fs2, started for the test class and stopped after it. */
abstract class TwoBoxesTestSupport extends CtiTestSupport {

    protected ScriptedEslServer fs1;
    protected ScriptedEslServer fs2;

    /** The service's properties for the two boxes (usually {@link ScriptedEslServer#boxesProperties}); set them up here. */
    protected abstract Properties boxes(ScriptedEslServer fs1, ScriptedEslServer fs2) throws IOException;

    @Override
    protected Properties extraProperties() {
        try {
            fs1 = new ScriptedEslServer("json");
            fs2 = new ScriptedEslServer("json");
            return boxes(fs1, fs2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopBoxes() throws IOException {
        fs1.close();
        fs2.close();
    }
}
