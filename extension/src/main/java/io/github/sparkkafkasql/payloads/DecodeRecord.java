package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.errors.RecordDecodeException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;

/**
 * Evaluates a decoder (Spark's {@code from_json} or {@code from_avro} in FAILFAST mode, or the
 * schema registry's Avro decoder) and, when it fails, raises {@code KAFKA_SQL_RECORD_DECODE_FAILED}
 * naming the record: its topic, partition and offset are the other children, evaluated only then.
 */
final class DecodeRecord extends PayloadExpression {

  private static final long serialVersionUID = 1L;

  private final String column;
  private final String format;

  DecodeRecord(
      Expression decoder,
      Expression topic,
      Expression partition,
      Expression offset,
      String column,
      String format) {
    this(List.of(decoder, topic, partition, offset), column, format);
  }

  private DecodeRecord(List<Expression> children, String column, String format) {
    super(children);
    this.column = column;
    this.format = format;
  }

  @Override
  PayloadExpression withChildren(List<Expression> c) {
    return new DecodeRecord(c, column, format);
  }

  @Override
  Object settings() {
    return List.of(column, format);
  }

  @Override
  public String prettyName() {
    return "decode_" + column;
  }

  @Override
  public DataType dataType() {
    return child(0).dataType();
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public Object eval(InternalRow input) {
    try {
      return child(0).eval(input);
    } catch (RecordDecodeException e) {
      throw e;
    } catch (Exception e) {
      String schemaId = e instanceof SchemaIdFailure f ? " (schema id " + f.schemaId() + ")" : "";
      throw PayloadErrors.decodeFailed(
          column,
          format,
          String.valueOf(child(1).eval(input)),
          (Integer) child(2).eval(input),
          (Long) child(3).eval(input),
          schemaId,
          reason(e),
          e);
    }
  }

  /**
   * The innermost cause: Spark's FAILFAST errors wrap the parser's own explanation (an Avro
   * decoder's EOFException for truncated data has no message, so its name stands in).
   */
  private static String reason(Throwable e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    if (message == null || message.isBlank()) {
      return deepest instanceof java.io.EOFException
          ? "the data ends early (truncated)"
          : deepest.getClass().getSimpleName();
    }
    String line = message.lines().findFirst().orElse("").trim();
    int sqlState = line.indexOf(" SQLSTATE:");
    line = sqlState > 0 ? line.substring(0, sqlState) : line;
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
