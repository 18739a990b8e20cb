package io.github.sparkkafkasql.payloads;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
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
 * Refuses a JSON payload that is not one JSON value, then evaluates its decoder. Spark's {@code
 * from_json} reads the first value and ignores the rest, so {@code {"id":1}{"id":2}} would load one
 * row and drop the other, {@code {"id":1} garbage} would load as if clean, and an empty value would
 * load as a row of NULLs: each is a decode error here. A null payload (a tombstone) stays NULL.
 *
 * <p>The check tokenizes the bytes with Jackson, skipping the first value's contents; a first value
 * that is not valid JSON is left to the decoder, whose error says what is wrong with it.
 */
final class WholeJson extends PayloadExpression {

  private static final long serialVersionUID = 1L;

  /**
   * Accepts what {@code from_json} accepts by default (single quotes, {@code NaN} and {@code
   * Infinity}), so that a first value the decoder reads is also one this check can step over.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  WholeJson(Expression bytes, Expression decoder) {
    super(List.of(bytes, decoder));
  }

  @Override
  PayloadExpression withChildren(List<Expression> c) {
    return new WholeJson(c.get(0), c.get(1));
  }

  @Override
  Object settings() {
    return List.of();
  }

  @Override
  public String prettyName() {
    return "whole_json";
  }

  @Override
  public DataType dataType() {
    return child(1).dataType();
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public Object eval(InternalRow input) {
    byte[] bytes = (byte[]) child(0).eval(input);
    if (bytes != null) {
      check(bytes);
    }
    return child(1).eval(input);
  }

  /** The check through a reference, then the decoder's own code. */
  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode bytes = child(0).genCode(ctx);
    ExprCode decoded = child(1).genCode(ctx);
    String check = ctx.addReferenceObj("wholeJson", new Check(), Function.class.getName());
    DataType type = dataType();
    return ExprCode.apply(
        GeneratedCode.block(
            bytes.code(),
            "\nif (!",
            bytes.isNull(),
            ") {\n  " + check + ".apply(",
            bytes.value(),
            ");\n}\n",
            decoded.code(),
            "\nboolean ",
            ev.isNull(),
            " = ",
            decoded.isNull(),
            ";\n",
            CodeGenerator.javaType(type),
            " ",
            ev.value(),
            " = ",
            decoded.value(),
            ";\n"),
        ev.isNull(),
        ev.value());
  }

  /** What generated code holds: the check, as a function of the bytes. */
  private record Check() implements Function<byte[], Object>, Serializable {
    @Override
    public Object apply(byte[] bytes) {
      check(bytes);
      return null;
    }
  }

  /** Throws when {@code bytes} hold no JSON value, or more than one. */
  static void check(byte[] bytes) {
    int end;
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException(
            bytes.length == 0
                ? "the value is empty (0 bytes), not a JSON value"
                : "the value holds only white space, not a JSON value");
      }
      parser.skipChildren();
      end = (int) parser.currentLocation().getByteOffset();
      JsonToken next;
      try {
        next = parser.nextToken();
      } catch (IOException trailing) {
        next = JsonToken.NOT_AVAILABLE;
      }
      if (next != null) {
        throw new IllegalArgumentException(
            "text follows the first JSON value, at byte "
                + end
                + " of "
                + bytes.length
                + ": one value must hold one JSON document (two objects, or a complete object"
                + " followed by other text, would otherwise load as the first alone)");
      }
    } catch (IOException firstValueInvalid) {
      // The decoder reports what is wrong with it.
    }
  }
}
