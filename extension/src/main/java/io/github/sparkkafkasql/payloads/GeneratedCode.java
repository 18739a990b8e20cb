package io.github.sparkkafkasql.payloads;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds generated Java code as Spark's {@code code"…"} interpolator does, which Java cannot call:
 * text, and the children's code and values kept as inputs of the block (Spark's code splitting
 * finds the variables a block uses through them).
 */
final class GeneratedCode {

  private GeneratedCode() {}

  /** A block of the pieces in order: strings are text, {@link JavaCode}s are inputs. */
  static Block block(Object... pieces) {
    List<String> parts = new ArrayList<>();
    List<JavaCode> inputs = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Object piece : pieces) {
      if (piece instanceof JavaCode code) {
        parts.add(text.toString());
        text.setLength(0);
        inputs.add(code);
      } else {
        text.append(piece);
      }
    }
    parts.add(text.toString());
    return new CodeBlock(
        CollectionConverters.asScala(parts).toList(),
        CollectionConverters.asScala(inputs).toList());
  }
}
