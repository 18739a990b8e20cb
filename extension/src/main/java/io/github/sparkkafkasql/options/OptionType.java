package io.github.sparkkafkasql.options;

/**
 * The SQL value an option takes. The binder converts the constant argument to the string Spark's
 * Kafka source expects, accepting the SQL types listed for each kind.
 */
public enum OptionType {
  /** A string. */
  STRING("STRING"),
  /** {@code true} or {@code false}, as a BOOLEAN or a string. */
  BOOLEAN("BOOLEAN"),
  /** A 32-bit integer, as an integral number or a string of digits. */
  INT("INT"),
  /** A 64-bit integer, as an integral number or a string of digits. */
  LONG("BIGINT"),
  /** Milliseconds since the epoch, as a BIGINT, a string of digits, or a TIMESTAMP or DATE. */
  TIMESTAMP_MILLIS("BIGINT (epoch ms) or TIMESTAMP"),
  /** A JSON object in a string. */
  JSON("STRING (JSON)");

  private final String sqlName;

  OptionType(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The type as the docs and error messages name it. */
  public String sqlName() {
    return sqlName;
  }
}
