package io.github.sparkkafkasql.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as a boxed table, like {@code Dataset.show()}: numbers right-aligned, other values
 * left-aligned, long values cut to {@value #MAX_WIDTH} characters.
 */
final class TableFormat {

  static final int MAX_WIDTH = 60;

  private TableFormat() {}

  /**
   * The table of {@code rows} under {@code header}, ending with a newline.
   *
   * @param rightAligned one flag per column
   */
  static String render(List<String> header, boolean[] rightAligned, List<List<String>> rows) {
    List<String> head = header.stream().map(TableFormat::cell).toList();
    List<List<String>> body =
        rows.stream().map(r -> r.stream().map(TableFormat::cell).toList()).toList();
    int[] widths = new int[head.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = head.get(i).length();
      for (List<String> row : body) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    String rule = rule(widths);
    StringBuilder out = new StringBuilder(rule);
    line(out, head, widths, new boolean[widths.length]);
    out.append(rule);
    for (List<String> row : body) {
      line(out, row, widths, rightAligned);
    }
    if (!body.isEmpty()) {
      out.append(rule);
    }
    return out.toString();
  }

  /** A value as one line of at most {@link #MAX_WIDTH} characters; null is shown as NULL. */
  static String cell(String value) {
    if (value == null) {
      return "NULL";
    }
    String flat = value.replace("\r\n", "\\n").replace("\n", "\\n").replace('\t', ' ');
    return flat.length() <= MAX_WIDTH ? flat : flat.substring(0, MAX_WIDTH - 3) + "...";
  }

  private static String rule(int[] widths) {
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    return rule.append('\n').toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] right) {
    List<String> padded = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      String pad = " ".repeat(widths[i] - cells.get(i).length());
      padded.add(right[i] ? pad + cells.get(i) : cells.get(i) + pad);
    }
    out.append("| ").append(String.join(" | ", padded)).append(" |\n");
  }
}
