package io.github.sparkkafkasql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The INFO (and above) logs of some loggers while it is open, messages and exceptions as text; they
 * go nowhere else while captured.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

  private final List<String> loggers;
  private final Map<String, LoggerConfig> replaced = new HashMap<>();
  private final StringBuffer text = new StringBuffer();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

  /** Captures the named loggers (and their children). */
  public CapturedLogs(List<String> loggers) {
    super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
    this.loggers = loggers;
    start();
    Configuration config = context.getConfiguration();
    for (String name : loggers) {
      // A logger the test configuration names is set aside, and put back on close.
      LoggerConfig configured = config.getLoggers().get(name);
      if (configured != null) {
        replaced.put(name, configured);
        config.removeLogger(name);
      }
      LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
      logger.addAppender(this, Level.INFO, null);
      config.addLogger(name, logger);
    }
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    text.append(event.getMessage().getFormattedMessage()).append('\n');
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
  }

  public String text() {
    return text.toString();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    loggers.forEach(config::removeLogger);
    replaced.forEach((name, logger) -> config.addLogger(name, logger));
    context.updateLoggers();
    stop();
  }
}
