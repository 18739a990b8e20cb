package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.errors.RecordDecodeException;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;

/**
 * Evaluates a decoder (Spark's {@code from_json} or {@code from_avro} in FAILFAST mode, or the
 * schema registry's Avro decoder) and, when it fails, raises {@code KAFKA_SQL_RECORD_DECODE_FAILED}
 * naming the record: its topic, partition and offset are the other children, used only then
 * (interpreted, evaluated only then; in generated code, read before the decoder, as input columns
 * cost nothing to read).
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
    } catch (Exception e) {
      throw failure(
          e, child(1).eval(input), (Integer) child(2).eval(input), (Long) child(3).eval(input));
    }
  }

  /**
   * The decoder's code in a {@code try}, as Spark's {@code TryEval} generates it; the record's
   * position is read before (input columns: no cost worth deferring) and used only on failure.
   */
  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode topic = child(1).genCode(ctx);
    ExprCode partition = child(2).genCode(ctx);
    ExprCode offset = child(3).genCode(ctx);
    ExprCode decoded = child(0).genCode(ctx);
    String failure =
        ctx.addReferenceObj("decodeFailure", new Failure(this), Function.class.getName());
    String e = ctx.freshName("e");
    DataType type = dataType();
    return ExprCode.apply(
        GeneratedCode.block(
            topic.code(),
            "\n",
            partition.code(),
            "\n",
            offset.code(),
            "\nboolean ",
            ev.isNull(),
            " = true;\n",
            CodeGenerator.javaType(type),
            " ",
            ev.value(),
            " = ",
            CodeGenerator.defaultValue(type, true),
            ";\ntry {\n",
            decoded.code(),
            "\n  ",
            ev.isNull(),
            " = ",
            decoded.isNull(),
            ";\n  ",
            ev.value(),
            " = ",
            decoded.value(),
            ";\n} catch (Exception "
                + e
                + ") {\n  throw (RuntimeException) "
                + failure
                + ".apply(new Object[] {"
                + e
                + ", ",
            topic.isNull(),
            " ? null : ",
            topic.value(),
            ", ",
            partition.isNull(),
            " ? null : Integer.valueOf(",
            partition.value(),
            "), ",
            offset.isNull(),
            " ? null : Long.valueOf(",
            offset.value(),
            ")});\n}\n"),
        ev.isNull(),
        ev.value());
  }

  /** What generated code holds: the error for {exception, topic, partition, offset}. */
  private record Failure(DecodeRecord record) implements Function<Object[], Object>, Serializable {
    @Override
    public Object apply(Object[] args) {
      return record.failure((Exception) args[0], args[1], (Integer) args[2], (Long) args[3]);
    }
  }

  /** {@code KAFKA_SQL_RECORD_DECODE_FAILED} for the record at this position. */
  RuntimeException failure(Exception e, Object topic, Integer partition, Long offset) {
    if (e instanceof RecordDecodeException r) {
      return r;
    }
    String schemaId = e instanceof SchemaIdFailure f ? " (schema id " + f.schemaId() + ")" : "";
    return PayloadErrors.decodeFailed(
        column, format, String.valueOf(topic), partition, offset, schemaId, reason(e), e);
  }

  /**
   * The innermost cause: Spark's FAILFAST errors wrap the parser's own explanation (an Avro
   * decoder's EOFException for truncated data has no message, so its name stands in).
   */
  static String reason(Throwable e) {
    Throwable deepest = e;
    Throwable told = hasMessage(e) ? e : null; // the innermost cause that says something
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
      if (hasMessage(deepest)) {
        told = deepest;
      }
    }
    if (deepest instanceof java.io.EOFException && !hasMessage(deepest)) {
      return "the data ends early (truncated)";
    }
    if (told == null) {
      return deepest.getClass().getSimpleName();
    }
    String message = told.getMessage();
    String line = message.lines().findFirst().orElse("").trim();
    int sqlState = line.indexOf(" SQLSTATE:");
    line = sqlState > 0 ? line.substring(0, sqlState) : line;
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  private static boolean hasMessage(Throwable t) {
    return t.getMessage() != null && !t.getMessage().isBlank();
  }
}
