package io.github.sparkkafkasql.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@link RunSql} run wrote, and what spark-submit's package resolution logged. */
record Result(List<String> jars, List<Statement> statements, String log, Path dir) {

  private static final Pattern FOUND =
      Pattern.compile("^\\s*found (\\S+)#(\\S+);(\\S+) in (\\S+)\\s*$", Pattern.MULTILINE);

  /** One statement's result rows ({@code Row.mkString("|")}) and the executors that ran it. */
  record Statement(List<String> executors, List<String> rows) {}

  /** A module Ivy resolved, and the resolver (repository) it was found in. */
  record Module(String organisation, String name, String revision, String resolver) {
    /** The file name spark-submit gives its jar in the Ivy directory's {@code jars/}. */
    String jarName() {
      return organisation + "_" + name + "-" + revision + ".jar";
    }
  }

  static Result parse(List<String> output, String log, Path dir) {
    List<String> jars = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    for (String line : output) {
      if (line.startsWith("### jars ")) {
        for (String jar : line.substring("### jars ".length()).split(",")) {
          if (!jar.isBlank()) {
            jars.add(jar.substring(jar.lastIndexOf('/') + 1));
          }
        }
      } else if (line.startsWith("### ")) {
        String executors = line.substring(line.indexOf("executors=") + "executors=".length());
        statements.add(
            new Statement(
                executors.isEmpty() ? List.of() : Arrays.asList(executors.split(",")),
                new ArrayList<>()));
      } else {
        statements.get(statements.size() - 1).rows().add(line);
      }
    }
    return new Result(List.copyOf(jars), List.copyOf(statements), log, dir);
  }

  /** The result of the n-th statement, counting from 1. */
  Statement statement(int n) {
    return statements.get(n - 1);
  }

  /** The modules Ivy resolved, from its "found ... in ..." lines. */
  List<Module> resolvedModules() {
    List<Module> modules = new ArrayList<>();
    Matcher m = FOUND.matcher(log);
    while (m.find()) {
      modules.add(new Module(m.group(1), m.group(2), m.group(3), m.group(4)));
    }
    return modules;
  }
}
