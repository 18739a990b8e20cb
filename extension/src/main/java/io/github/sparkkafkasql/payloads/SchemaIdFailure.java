package io.github.sparkkafkasql.payloads;

/** A record that names a schema id in its header but does not decode with it (or at all). */
final class SchemaIdFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int schemaId;

  SchemaIdFailure(int schemaId, String message, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  int schemaId() {
    return schemaId;
  }
}
