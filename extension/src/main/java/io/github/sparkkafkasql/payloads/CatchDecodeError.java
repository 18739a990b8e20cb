package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.RecordDecodeException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Evaluates a {@link DecodeRecord} without failing: a struct of the decoded value ({@code result})
 * and, when the record does not decode, the error's condition and message ({@code error_condition},
 * {@code error_message}; NULL when it decodes). Used by {@code onDecodeError => 'null'} and {@code
 * 'quarantine'}.
 */
final class CatchDecodeError extends PayloadExpression implements CodegenFallback {

  private static final long serialVersionUID = 1L;

  static final int RESULT = 0;
  static final int CONDITION = 1;
  static final int MESSAGE = 2;

  CatchDecodeError(Expression decodeRecord) {
    super(List.of(decodeRecord));
  }

  @Override
  PayloadExpression withChildren(List<Expression> c) {
    return new CatchDecodeError(c.get(0));
  }

  @Override
  Object settings() {
    return List.of();
  }

  @Override
  public String prettyName() {
    return "catch_decode_error";
  }

  @Override
  public DataType dataType() {
    return new StructType()
        .add("result", child(0).dataType(), true)
        .add("error_condition", DataTypes.StringType, true)
        .add("error_message", DataTypes.StringType, true);
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public Object eval(InternalRow input) {
    try {
      return new GenericInternalRow(new Object[] {child(0).eval(input), null, null});
    } catch (RecordDecodeException e) {
      return new GenericInternalRow(
          new Object[] {
            null, UTF8String.fromString(e.getCondition()), UTF8String.fromString(e.getMessage())
          });
    }
  }
}
