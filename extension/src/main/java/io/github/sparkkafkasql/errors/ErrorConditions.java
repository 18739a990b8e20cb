package io.github.sparkkafkasql.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error conditions of this extension, read once from {@code
 * error/kafka-sql-error-conditions.json} (Spark's format: a message template and an SQLSTATE per
 * condition).
 */
final class ErrorConditions {

  static final String RESOURCE = "error/kafka-sql-error-conditions.json";

  /** A condition's message template and SQLSTATE. */
  record Condition(String template, String sqlState) {}

  private static final Map<String, Condition> CONDITIONS = load();

  private ErrorConditions() {}

  static Condition get(String name) {
    Condition c = CONDITIONS.get(name);
    if (c == null) {
      throw new IllegalStateException("Undeclared error condition " + name);
    }
    return c;
  }

  static Map<String, Condition> all() {
    return CONDITIONS;
  }

  private static Map<String, Condition> load() {
    try (InputStream in = ErrorConditions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Condition> conditions = new TreeMap<>();
      root.fields()
          .forEachRemaining(
              e -> {
                StringBuilder template = new StringBuilder();
                e.getValue().get("message").forEach(line -> template.append(line.asText()));
                conditions.put(
                    e.getKey(),
                    new Condition(template.toString(), e.getValue().get("sqlState").asText()));
              });
      return conditions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
