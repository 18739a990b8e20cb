package io.github.sparkkafkasql.options;

/** Which kind of read an option applies to. */
public enum Scope {
  /** Only a batch read ({@code SELECT … FROM read_kafka(…)}). */
  BATCH("batch"),
  /** Only a streaming read ({@code FROM STREAM read_kafka(…)}). */
  STREAM("streaming"),
  /** Both kinds of read. */
  BOTH("batch, streaming");

  private final String label;

  Scope(String label) {
    this.label = label;
  }

  /** Whether an option of this scope may be used in a read of the given kind. */
  public boolean allows(boolean streaming) {
    return this == BOTH || (this == STREAM) == streaming;
  }

  /** How the docs name this scope. */
  public String label() {
    return label;
  }
}
