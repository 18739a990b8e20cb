package io.github.sparkkafkasql.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code -- @produce <topic> <n>} line of a demo script: produce {@code n} more sample click
 * events to {@code topic} before the next statement runs.
 */
record ProduceDirective(String topic, int count) {

  static final String KEYWORD = "@produce";

  private static final Pattern DIRECTIVE = Pattern.compile("\\s*@(\\S*)(.*)");
  private static final Pattern PRODUCE = Pattern.compile("\\s+(\\S+)\\s+(\\d{1,9})\\s*");

  /**
   * The directive in the text of a {@code --} comment (after the dashes), or empty for an ordinary
   * comment: one whose first word does not start with {@code @}.
   *
   * @throws IllegalArgumentException for an unknown or malformed directive
   */
  static Optional<ProduceDirective> parse(String commentBody) {
    Matcher m = DIRECTIVE.matcher(commentBody);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (!KEYWORD.equals("@" + m.group(1))) {
      throw new IllegalArgumentException(
          "Unknown directive '@" + m.group(1) + "': the demo runner knows only " + usage() + ".");
    }
    Matcher args = PRODUCE.matcher(m.group(2));
    if (!args.matches()) {
      throw new IllegalArgumentException(
          "Malformed directive '" + commentBody.trim() + "': expected " + usage() + ".");
    }
    return Optional.of(new ProduceDirective(args.group(1), Integer.parseInt(args.group(2))));
  }

  private static String usage() {
    return "'-- " + KEYWORD + " <topic> <count>'";
  }
}
