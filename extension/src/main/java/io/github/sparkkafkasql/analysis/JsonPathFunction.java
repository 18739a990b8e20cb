package io.github.sparkkafkasql.analysis;

import io.github.sparkkafkasql.errors.SqlErrors;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.GetJsonObject;
import org.apache.spark.sql.catalyst.expressions.variant.VariantGet;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.VariantType;
import org.apache.spark.sql.types.VariantType$;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The function {@code parser.JsonPathOnStrings} rewrites {@code expr:path} into: Spark's own
 * VARIANT extraction for VARIANT input, and {@code get_json_object} for STRING input (a STRING
 * result; NULL for invalid JSON or a missing path).
 */
public final class JsonPathFunction extends AbstractFunction1<Seq<Expression>, Expression> {

  public static final String NAME = "json_path_extract";

  public static final FunctionIdentifier IDENTIFIER = FunctionIdentifier.apply(NAME);

  public static final ExpressionInfo INFO =
      new ExpressionInfo(
          JsonPathFunction.class.getName(),
          null,
          NAME,
          "_FUNC_(json, path) - What `json:path` becomes: extracts a JSON path from a STRING"
              + " (as get_json_object does) or from a VARIANT.",
          "",
          "\n    Examples:\n      > SELECT js:a.b FROM VALUES ('{\"a\":{\"b\":1}}') AS t(js);\n       1\n",
          "",
          "json_funcs",
          "",
          "",
          "");

  @Override
  public Expression apply(Seq<Expression> args) {
    Expression child = args.apply(0);
    Expression path = args.apply(1);
    if (child.dataType() instanceof VariantType) {
      return new VariantGet(child, path, VariantType$.MODULE$, true, Option.empty());
    }
    if (child.dataType() instanceof StringType) {
      return new GetJsonObject(child, path);
    }
    throw SqlErrors.jsonPathType(child.sql(), child.dataType().sql());
  }
}
