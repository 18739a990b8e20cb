package io.github.sparkkafkasql.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;

/** Turns a failed statement's exception into the text the CLI prints on stderr. */
final class ErrorMessages {

  private ErrorMessages() {}

  /**
   * {@code [ERROR_CLASS] message} for the first Spark error with a condition in the cause chain,
   * otherwise the exception's class and message; the stack trace only when {@code verbose}.
   */
  static String describe(Throwable e, boolean verbose) {
    String text = summary(e);
    if (!verbose) {
      return text;
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return text + System.lineSeparator() + trace.toString().stripTrailing();
  }

  private static String summary(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st && st.getCondition() != null) {
        String prefix = "[" + st.getCondition() + "]";
        // AnalysisException.getMessage appends the logical plan: noise for someone typing SQL.
        String message =
            (t instanceof AnalysisException ae
                    ? ae.getSimpleMessage()
                    : String.valueOf(t.getMessage()))
                .stripTrailing();
        return message.startsWith(prefix) ? message : prefix + " " + message;
      }
    }
    return e.getClass().getName() + ": " + e.getMessage();
  }
}
