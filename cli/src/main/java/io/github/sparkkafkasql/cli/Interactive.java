package io.github.sparkkafkasql.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: reads lines with history and editing, and runs each statement once its
 * {@code ;} is typed. {@code exit;}, {@code quit;} or Ctrl-D leave; Ctrl-C drops the statement
 * being typed.
 */
final class Interactive {

  private static final String PROMPT = "kafka-sql> ";
  private static final String CONTINUATION = "         > ";

  private Interactive() {}

  /** Reads and runs statements until the user leaves. */
  static void run(StatementRunner runner, Path historyFile) throws IOException {
    // dumb(true): piped input (echo 'SELECT 1;' | kafka-sql) gets a plain reader, not a warning.
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("kafka-sql")
              .variable(LineReader.HISTORY_FILE, historyFile)
              // '!' is SQL (a != b), not a history reference.
              .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
              .build();
      loop(reader, runner);
      reader.getHistory().save();
    }
  }

  private static void loop(LineReader reader, StatementRunner runner) {
    // No prompts when reading a pipe: they would only clutter the output.
    boolean prompts = System.console() != null;
    String pending = "";
    while (true) {
      String line;
      try {
        line = reader.readLine(!prompts ? "" : pending.isEmpty() ? PROMPT : CONTINUATION);
      } catch (UserInterruptException e) {
        pending = "";
        continue;
      } catch (EndOfFileException e) {
        return;
      }
      StatementSplitter.Split split = StatementSplitter.split(pending + line + "\n");
      for (String sql : split.statements()) {
        if (isExit(sql)) {
          return;
        }
        runner.run(sql);
      }
      pending = split.hasIncompleteStatement() ? split.remainder() : "";
    }
  }

  private static boolean isExit(String sql) {
    String word = sql.trim().toLowerCase(Locale.ROOT);
    return word.equals("exit") || word.equals("quit");
  }
}
