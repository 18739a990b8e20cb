package io.github.sparkkafkasql.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code sql} block of a page: what it needs from Kafka (its {@code docs-test} directives), or
 * why it cannot run, and its steps in order.
 */
record DocBlock(String where, List<String> setup, String skipReason, List<Step> steps) {

  /** A statement to run, or sample events to produce before the next one. */
  record Step(String sql, String produceTopic, int produceCount) {

    boolean isProduce() {
      return produceTopic != null;
    }
  }

  private static final Pattern PRODUCE = Pattern.compile("--\\s*@produce\\s+(\\S+)\\s+(\\d+)\\s*");

  /**
   * The block's steps: statements end at a ';' that ends a line; {@code --} comment lines are
   * dropped, except the demo runner's {@code -- @produce <topic> <n>}, which becomes a step after
   * the statement it is written in (before the next one, as in the demo).
   */
  static List<Step> steps(String text) {
    List<Step> steps = new ArrayList<>();
    List<Step> pending = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.replaceAll("(?s)/\\*.*?\\*/", "").split("\n")) {
      String stripped = line.strip();
      Matcher produce = PRODUCE.matcher(stripped);
      if (produce.matches()) {
        Step step = new Step(null, produce.group(1), Integer.parseInt(produce.group(2)));
        (current.toString().isBlank() ? steps : pending).add(step);
        continue;
      }
      if (stripped.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        add(steps, current);
        steps.addAll(pending);
        pending.clear();
      }
    }
    add(steps, current);
    steps.addAll(pending);
    return steps;
  }

  private static void add(List<Step> steps, StringBuilder text) {
    String s = text.toString().strip();
    if (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (!s.isEmpty()) {
      steps.add(new Step(s, null, 0));
    }
    text.setLength(0);
  }
}
