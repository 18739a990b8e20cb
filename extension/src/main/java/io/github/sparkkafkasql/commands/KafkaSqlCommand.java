package io.github.sparkkafkasql.commands;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.LeafLike;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.execution.command.LeafRunnableCommand;
import org.apache.spark.sql.execution.command.RunnableCommand;
import org.apache.spark.sql.types.StructType;
import scala.Enumeration;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Base of this extension's statements: a leaf {@link RunnableCommand} written in Java.
 *
 * <p>Java cannot mix in Scala traits the way a case class does, so this class carries the
 * boilerplate once: the trait initialisers, the field {@code Command} declares, and the {@code
 * Product} members Catalyst uses to print and copy nodes. Subclasses give their output columns, the
 * arguments shown in plans ({@link #arguments()}), and {@link #execute}.
 */
public abstract class KafkaSqlCommand extends LogicalPlan implements LeafRunnableCommand {

  private Seq<Enumeration.Value> commandNodePatterns;
  private final Seq<Attribute> output;

  protected KafkaSqlCommand(StructType schema) {
    Command.$init$(this);
    RunnableCommand.$init$(this);
    LeafLike.$init$(this);
    @SuppressWarnings("unchecked") // Scala's Seq is covariant; Java's generics are not.
    Seq<Attribute> attributes = (Seq<Attribute>) (Seq<?>) DataTypeUtils.toAttributes(schema);
    this.output = attributes;
  }

  /** Runs the statement and returns its result rows. */
  protected abstract java.util.List<Row> execute(SparkSession spark);

  /** What plans (EXPLAIN, the Spark UI) show of this statement; never secrets. */
  protected abstract java.util.List<Object> arguments();

  @Override
  public final Seq<Row> run(SparkSession spark) {
    return CollectionConverters.asScala(
            io.github.sparkkafkasql.errors.Redaction.nested(() -> execute(spark)))
        .toList();
  }

  @Override
  public Seq<Attribute> output() {
    return output;
  }

  @Override
  public Seq<LogicalPlan> children() {
    // Both RunnableCommand and LeafLike define children(); a leaf has none.
    @SuppressWarnings("unchecked")
    Seq<LogicalPlan> none = (Seq<LogicalPlan>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
    return none;
  }

  @Override
  public LogicalPlan withNewChildrenInternal(IndexedSeq<LogicalPlan> newChildren) {
    return this;
  }

  @Override
  public Seq<Enumeration.Value> nodePatterns() {
    return commandNodePatterns;
  }

  @Override
  public void org$apache$spark$sql$catalyst$plans$logical$Command$_setter_$nodePatterns_$eq(
      Seq<Enumeration.Value> patterns) {
    this.commandNodePatterns = patterns;
  }

  /**
   * Catalyst copies nodes by calling their constructor with the product elements; these commands
   * hold no expressions or children to rewrite, so a copy is the node itself.
   */
  @Override
  public LogicalPlan makeCopy(Object[] newArgs) {
    return this;
  }

  @Override
  public LogicalPlan clone() {
    return this;
  }

  @Override
  public int productArity() {
    return arguments().size();
  }

  @Override
  public Object productElement(int n) {
    return arguments().get(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  @Override
  public boolean equals(Object that) {
    return this == that;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
