package org.cticamel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one logger writes, so a test can assert on the log lines an operator would read. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;
    /** Whether adding the appender made a logger configuration of its own, which close() takes away again. */
    private final boolean configured;

    private LogCapture(String loggerName) {
        super("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(loggerName);
        this.configured = !logger.getContext().getConfiguration().getLoggerConfig(loggerName).getName().equals(loggerName);
        start();
        logger.addAppender(this);
    }

    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName());
    }

    /** A logger by name, e.g. a route id: the log EIP of a YAML route logs under its route id. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        if (configured) {
            // left behind, that configuration would swallow the logger's later events (seen: the next test class
            // read no line of a logger an earlier class had captured)
            logger.getContext().getConfiguration().removeLogger(logger.getName());
            logger.getContext().updateLoggers();
        }
        stop();
    }
}
