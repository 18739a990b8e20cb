package io.github.sparkkafkasql.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code sql} blocks of a markdown page, with the directive comment before each. */
final class DocPages {

  private static final Pattern DIRECTIVE = Pattern.compile("<!--\\s*docs-test:(.*?)-->");

  private DocPages() {}

  /**
   * The page's {@code sql} blocks in order. A block's directives are in a {@code <!-- docs-test: …
   * -->} comment on the line before its fence (blank lines between are allowed).
   */
  static List<DocBlock> markdown(Path root, Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<DocBlock> blocks = new ArrayList<>();
    String name = root.relativize(page).toString();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (!fence.startsWith("```")) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
        end++;
      }
      if (fence.equals("```sql")) {
        String text = String.join("\n", lines.subList(i + 1, end));
        blocks.add(block(name + ":" + (i + 1), directiveBefore(lines, i), text));
      }
      i = end;
    }
    return blocks;
  }

  /** A SQL file as one block, with the given setup. */
  static DocBlock sqlFile(Path root, Path file, String directives) throws IOException {
    return block(root.relativize(file).toString(), directives, Files.readString(file));
  }

  private static String directiveBefore(List<String> lines, int fence) {
    int j = fence - 1;
    while (j >= 0 && lines.get(j).isBlank()) {
      j--;
    }
    if (j < 0) {
      return "";
    }
    Matcher m = DIRECTIVE.matcher(lines.get(j).strip());
    return m.matches() ? m.group(1).strip() : "";
  }

  private static DocBlock block(String where, String directives, String text) {
    List<String> setup = new ArrayList<>();
    String skip = null;
    for (String d : Arrays.stream(directives.split(";")).map(String::strip).toList()) {
      if (d.equals("skip") || d.startsWith("skip:") || d.startsWith("skip ")) {
        skip = d.substring(4).replaceFirst("^:", "").strip();
        if (skip.isEmpty()) {
          throw new IllegalArgumentException(
              where + ": a skipped block must say why: <!-- docs-test: skip: <reason> -->");
        }
      } else if (!d.isEmpty()) {
        setup.add(d);
      }
    }
    return new DocBlock(where, setup, skip, DocBlock.steps(text));
  }
}
