package org.jwtgate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what jwtgate logs (System.Logger → java.util.logging) during a test. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("org.jwtgate");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level previous;

    public LogCapture() {
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String msg = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null) {
            msg = java.text.MessageFormat.format(msg, params);
        }
        lines.add(record.getLevel() + " " + msg);
    }

    public List<String> lines() {
        return lines;
    }

    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
