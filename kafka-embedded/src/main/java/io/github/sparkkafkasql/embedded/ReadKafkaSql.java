package io.github.sparkkafkasql.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The SQL text of a {@code read_kafka(…)} call, for tests that write queries: {@code
 * ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(topic).option("startingOffsets",
 * "earliest").stream().sql()} gives {@code STREAM read_kafka(bootstrapServers => '…', subscribe =>
 * '…', startingOffsets => 'earliest')}.
 *
 * <p>Immutable: every method returns a new call, so a test can share a base and vary it. Arguments
 * keep the order they were given in; string values are quoted as SQL literals and names that are
 * not plain identifiers ({@code kafka.isolation.level}) are back-quoted.
 */
public final class ReadKafkaSql {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<String> arguments;
  private final boolean stream;

  private ReadKafkaSql(List<String> arguments, boolean stream) {
    this.arguments = List.copyOf(arguments);
    this.stream = stream;
  }

  /** A call with only {@code bootstrapServers}. */
  public static ReadKafkaSql of(String bootstrapServers) {
    return new ReadKafkaSql(List.of(), false).option("bootstrapServers", bootstrapServers);
  }

  /** Adds {@code subscribe => 'topic'}. */
  public ReadKafkaSql subscribe(String topic) {
    return option("subscribe", topic);
  }

  /** Adds {@code name => 'value'}, the value quoted as a string literal. */
  public ReadKafkaSql option(String name, String value) {
    return optionSql(name, "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'");
  }

  /** Adds {@code name => value}, the value as a number literal. */
  public ReadKafkaSql option(String name, long value) {
    return optionSql(name, Long.toString(value));
  }

  /** Adds {@code name => expression}, the expression as given (for example {@code secret('x')}). */
  public ReadKafkaSql optionSql(String name, String expression) {
    List<String> more = new ArrayList<>(arguments);
    String quoted = IDENTIFIER.matcher(name).matches() ? name : "`" + name + "`";
    more.add(quoted + " => " + expression);
    return new ReadKafkaSql(more, stream);
  }

  /** The same call as a streaming read: {@code STREAM read_kafka(…)}. */
  public ReadKafkaSql stream() {
    return new ReadKafkaSql(arguments, true);
  }

  /** The call's SQL text, to put after {@code FROM}. */
  public String sql() {
    return (stream ? "STREAM " : "") + "read_kafka(" + String.join(", ", arguments) + ")";
  }

  @Override
  public String toString() {
    return sql();
  }
}
