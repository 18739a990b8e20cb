package io.github.sparkkafkasql.catalog;

/**
 * {@code CONSTRAINT name EXPECT (condition) [ON VIOLATION …]}: a data quality rule a streaming
 * table checks on every row it loads. A row violates it when the condition is false (NULL counts as
 * met, as for CHECK constraints).
 */
public record Expectation(String name, String condition, Action action) {

  /** What happens to a row that violates the expectation. */
  public enum Action {
    /** Keep the row and count it (no ON VIOLATION clause). */
    KEEP,
    /** ON VIOLATION DROP ROW: leave the row out and count it. */
    DROP_ROW,
    /** ON VIOLATION FAIL UPDATE: fail the refresh; nothing of that batch is written. */
    FAIL_UPDATE,
    /**
     * ON VIOLATION QUARANTINE: write the row to the table's dead-letter table instead, and count
     * it.
     */
    QUARANTINE
  }

  /** The clause as it is written in SQL. */
  public String sql() {
    String clause = "CONSTRAINT `" + name + "` EXPECT (" + condition + ")";
    return switch (action) {
      case KEEP -> clause;
      case DROP_ROW -> clause + " ON VIOLATION DROP ROW";
      case FAIL_UPDATE -> clause + " ON VIOLATION FAIL UPDATE";
      case QUARANTINE -> clause + " ON VIOLATION QUARANTINE";
    };
  }
}
