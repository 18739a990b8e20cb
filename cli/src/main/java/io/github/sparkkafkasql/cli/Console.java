package io.github.sparkkafkasql.cli;

import java.io.PrintStream;

/**
 * Where the CLI writes: results to {@code out}, errors to {@code err}, and progress and timings to
 * {@code err} as {@code spark-sql} does, or to {@code out} in the demo, whose transcript reads top
 * to bottom.
 */
final class Console {

  private final PrintStream out;
  private final PrintStream err;
  private final PrintStream info;
  private final boolean verbose;

  Console(PrintStream out, PrintStream err, boolean infoToOut, boolean verbose) {
    this.out = out;
    this.err = err;
    this.info = infoToOut ? out : err;
    this.verbose = verbose;
  }

  boolean verbose() {
    return verbose;
  }

  /** A line of results. */
  void out(String line) {
    out.println(line);
  }

  /** Text that already ends with its line break. */
  void outRaw(String text) {
    out.print(text);
    out.flush();
  }

  /** Progress, timings and hints. */
  void info(String line) {
    out.flush();
    info.println(line);
    info.flush();
  }

  /** An error, after whatever results were printed before it. */
  void error(String line) {
    out.flush();
    err.println(line);
    err.flush();
  }
}
