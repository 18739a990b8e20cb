package io.github.sparkkafkasql.streaming;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.StatementPositions;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnsupportedOperationChecker;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns a streaming table's definition into the streaming DataFrame a refresh writes: the defining
 * query, cast to the declared columns (with their defaults), with the expectations applied and
 * counted.
 */
public final class DefinitionPlan {

  /** Name of the observed metrics of each micro-batch. */
  static final String METRICS = "kafka_sql_refresh";

  /** Prefix of the message raise_error throws for ON VIOLATION FAIL UPDATE. */
  static final String FAIL_MARKER = "kafka-sql expectation violated [[";

  static final String FAIL_MARKER_END = "]]";

  /** Metric of the records that did not decode, quarantined ({@code onDecodeError}). */
  static final String RECORDS_QUARANTINED = "records_quarantined";

  /** Metric of the rows an expectation ON VIOLATION QUARANTINE sent to the dead-letter table. */
  static final String ROWS_QUARANTINED = "rows_quarantined";

  private static final Logger LOG = LoggerFactory.getLogger(DefinitionPlan.class);

  private DefinitionPlan() {}

  /**
   * The DataFrame to write; fails with a clear error when the query is not a stream. {@code
   * freshStart} says whether the stream starts from its starting options (no checkpoint yet), in
   * which case they are checked against Kafka. The reads decode their payloads with {@code
   * schemas}.
   */
  public static Dataset<Row> build(
      SparkSession spark,
      String tableName,
      StreamingTableDefinition definition,
      boolean freshStart,
      PayloadSchemas schemas) {
    Dataset<Row> df;
    try {
      df =
          ReadKafkaChannels.forStreamingTable(
              freshStart,
              schemas,
              () -> inNamespace(spark, definition, () -> spark.sql(definition.query())));
    } catch (Exception e) {
      throw StatementPositions.outsideStatement(e);
    }
    if (!df.isStreaming()) {
      throw StreamingTableErrors.notAStreamingQuery(tableName);
    }
    df = QuarantineRows.carry(df, tableName);
    if (!definition.columns().isEmpty()) {
      df = project(df, tableName, definition.columns());
    }
    return applyExpectations(df, definition.expectations());
  }

  /**
   * Refuses a definition that reads a temporary view or calls a temporary function, as Spark
   * refuses one in a permanent view: the refreshes of other sessions (the scheduler's, a Thrift
   * server's) would not find it. Functions are looked for in the query as written (after analysis
   * they are gone into their expressions) and in the expectations' conditions; {@link
   * KafkaSqlConf#ALLOW_TEMPORARY_FUNCTIONS} lets functions pass.
   */
  public static void refuseTemporaryObjects(
      SparkSession spark,
      StreamingTableDefinition definition,
      Dataset<Row> analysed,
      String table) {
    LogicalPlan plan =
        ((org.apache.spark.sql.classic.Dataset<Row>) analysed).queryExecution().analyzed();
    scala.collection.immutable.Seq<String> views =
        plan.collect(
            new scala.runtime.AbstractPartialFunction<LogicalPlan, String>() {
              @Override
              public boolean isDefinedAt(LogicalPlan p) {
                return p instanceof View v && v.isTempView();
              }

              @Override
              public String apply(LogicalPlan p) {
                return ((View) p).desc().identifier().quotedString();
              }
            });
    if (!views.isEmpty()) {
      throw StreamingTableErrors.temporaryObjectInDefinition(table, views.head(), "VIEW");
    }
    if (KafkaSqlConf.ALLOW_TEMPORARY_FUNCTIONS.get(spark)) {
      return;
    }
    org.apache.spark.sql.internal.SessionState state =
        ((org.apache.spark.sql.classic.SparkSession) spark).sessionState();
    Set<String> functions = new java.util.TreeSet<>();
    try {
      temporaryFunctions(
          state.sqlParser().parsePlan(definition.query()), state.catalog(), functions);
      for (Expectation e : definition.expectations()) {
        temporaryFunctions(
            state.sqlParser().parseExpression(e.condition()), state.catalog(), functions);
      }
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new IllegalStateException("A definition that was analysed does not parse", e);
    }
    if (!functions.isEmpty()) {
      throw StreamingTableErrors.temporaryObjectInDefinition(
          table, "`" + functions.iterator().next() + "`", "FUNCTION");
    }
  }

  /** The temporary functions {@code plan} calls, in its expressions, subqueries and CTEs. */
  private static void temporaryFunctions(
      LogicalPlan plan, SessionCatalog catalog, Set<String> found) {
    for (Expression e : CollectionConverters.asJava(plan.expressions())) {
      temporaryFunctions(e, catalog, found);
    }
    for (Object inner : CollectionConverters.asJava(plan.innerChildren())) {
      if (inner instanceof LogicalPlan p) {
        temporaryFunctions(p, catalog, found);
      }
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      temporaryFunctions(child, catalog, found);
    }
  }

  private static void temporaryFunctions(Expression e, SessionCatalog catalog, Set<String> found) {
    if (e instanceof UnresolvedFunction f
        && f.nameParts().size() == 1
        && catalog.isTemporaryFunction(FunctionIdentifier.apply(f.nameParts().head()))) {
      found.add(f.nameParts().head());
    }
    if (e instanceof SubqueryExpression s) {
      temporaryFunctions(s.plan(), catalog, found);
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      temporaryFunctions(child, catalog, found);
    }
  }

  /**
   * Refuses at CREATE what Spark would refuse when the first refresh starts its query (an
   * aggregation without a watermark, a sort, a distinct over the stream, in append mode): a table
   * created for it would fail every refresh.
   */
  public static void checkStreamingOperations(Dataset<Row> analysed) {
    LogicalPlan plan =
        ((org.apache.spark.sql.classic.Dataset<Row>) analysed).queryExecution().analyzed();
    // Spark accepts a limit over a stream, and applies it to the stream's whole life: the first
    // refresh would load that many rows and every later one would read records and write none.
    boolean limit =
        plan.exists(
            p ->
                p.isStreaming()
                    && (p instanceof org.apache.spark.sql.catalyst.plans.logical.GlobalLimit
                        || p instanceof org.apache.spark.sql.catalyst.plans.logical.LocalLimit
                        || p instanceof org.apache.spark.sql.catalyst.plans.logical.Offset
                        || p instanceof org.apache.spark.sql.catalyst.plans.logical.Tail));
    boolean sort =
        plan.exists(
            p -> p.isStreaming() && p instanceof org.apache.spark.sql.catalyst.plans.logical.Sort);
    if (limit) {
      throw StreamingTableErrors.unsupportedTableClause(
          "LIMIT (or OFFSET) in the definition's query",
          "over a stream it caps the rows the table loads for good, so later refreshes would read"
              + " new records and write none",
          "Filter with WHERE, and take a LIMIT when you query the table.");
    }
    if (sort) {
      throw StreamingTableErrors.unsupportedTableClause(
          "ORDER BY in the definition's query",
          "a stream has no end to sort it by, and a table keeps no row order",
          "Sort when you query the table.");
    }
    UnsupportedOperationChecker.checkForStreaming(plan, OutputMode.Append());
  }

  /** The session's current catalog and namespace, the catalog first. */
  public static List<String> currentNamespace(SparkSession spark) {
    CatalogManager catalogs =
        ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalogManager();
    List<String> current = new ArrayList<>();
    current.add(catalogs.currentCatalog().name());
    current.addAll(Arrays.asList(catalogs.currentNamespace()));
    return current;
  }

  /**
   * Runs {@code analysis} with the definition's namespace current, so that its unqualified table
   * names mean what they meant at CREATE, then puts the session's back. A namespace dropped since
   * only matters to a query that names tables: one that reads Kafka alone runs anywhere.
   */
  private static <T> T inNamespace(
      SparkSession spark, StreamingTableDefinition definition, Supplier<T> analysis) {
    List<String> wanted = definition.namespace();
    List<String> before = currentNamespace(spark);
    if (wanted == null || wanted.isEmpty() || wanted.equals(before)) {
      return analysis.get();
    }
    CatalogManager catalogs =
        ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalogManager();
    try {
      catalogs.setCurrentCatalog(wanted.get(0));
      catalogs.setCurrentNamespace(wanted.subList(1, wanted.size()).toArray(String[]::new));
    } catch (Exception e) {
      restore(catalogs, before);
      if (namesTables(spark, definition.query())) {
        throw e;
      }
      return analysis.get();
    }
    try {
      return analysis.get();
    } finally {
      restore(catalogs, before);
    }
  }

  private static void restore(CatalogManager catalogs, List<String> namespace) {
    try {
      catalogs.setCurrentCatalog(namespace.get(0));
      catalogs.setCurrentNamespace(namespace.subList(1, namespace.size()).toArray(String[]::new));
    } catch (Exception e) {
      // The session's database was dropped meanwhile: it stays where the definition's is.
      LOG.debug("Could not restore the current namespace {}", namespace, e);
    }
  }

  /** Whether the query reads tables or views by name (not Kafka alone). */
  private static boolean namesTables(SparkSession spark, String query) {
    try {
      LogicalPlan parsed =
          ((org.apache.spark.sql.classic.SparkSession) spark)
              .sessionState()
              .sqlParser()
              .parsePlan(query);
      return !parsed
          .collect(
              new scala.runtime.AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
                @Override
                public boolean isDefinedAt(LogicalPlan p) {
                  return p instanceof UnresolvedRelation;
                }

                @Override
                public LogicalPlan apply(LogicalPlan p) {
                  return p;
                }
              })
          .isEmpty();
    } catch (Exception e) {
      return true;
    }
  }

  /**
   * The declared columns, in their order, cast to their types. A declared column the query does not
   * produce is an error, unless it has a DEFAULT (the refresh writes that value, as an INSERT that
   * leaves the column out would) or is GENERATED ALWAYS AS (its expression, computed here from the
   * other columns as Delta would compute it; Delta checks that the two agree). Delta still plans
   * its own write for such a table: {@link DeltaBatchSink} keeps the batch's metrics counted.
   */
  private static Dataset<Row> project(Dataset<Row> df, String table, List<ColumnSpec> declared) {
    Set<String> produced = lower(Arrays.asList(df.columns()));
    boolean quarantine = produced.remove(QuarantineRows.COLUMN);
    Set<String> wanted = lower(declared.stream().map(ColumnSpec::name).toList());
    List<String> missing = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    List<ColumnSpec> generated = new ArrayList<>();
    for (ColumnSpec c : declared) {
      if (produced.contains(c.name().toLowerCase(Locale.ROOT))) {
        // As SQL text, so that a value that does not convert fails naming the column (Spark
        // quotes the expression's text), not a line of this class.
        columns.add(expr("CAST(" + quoted(c.name()) + " AS " + c.type() + ")").as(c.name()));
      } else if (c.defaultValue() != null) {
        columns.add(expr(c.defaultValue()).cast(c.type()).as(c.name()));
      } else if (c.generatedAs() != null) {
        generated.add(c);
      } else {
        missing.add(c.name());
      }
    }
    List<String> extra =
        Arrays.stream(df.columns())
            .filter(n -> !wanted.contains(n.toLowerCase(Locale.ROOT)))
            .filter(n -> !n.equals(QuarantineRows.COLUMN))
            .toList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw StreamingTableErrors.columnsMismatch(table, missing.toString(), extra.toString());
    }
    if (quarantine) {
      columns.add(col(QuarantineRows.COLUMN));
    }
    Dataset<Row> projected = df.select(columns.toArray(Column[]::new));
    if (generated.isEmpty()) {
      return projected;
    }
    for (ColumnSpec c : generated) {
      projected = projected.withColumn(c.name(), expr(c.generatedAs()).cast(c.type()));
    }
    List<Column> ordered =
        new ArrayList<>(declared.stream().map(c -> col(quoted(c.name()))).toList());
    if (quarantine) {
      ordered.add(col(QuarantineRows.COLUMN));
    }
    return projected.select(ordered.toArray(Column[]::new));
  }

  /**
   * The columns of the table a definition writes: what {@code df} (the definition as built) writes,
   * plus the declared generated columns, which Delta computes.
   */
  static StructType tableSchema(Dataset<Row> df, StreamingTableDefinition definition) {
    StructType schema = new StructType();
    for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
      if (!f.name().equals(QuarantineRows.COLUMN)) {
        schema = schema.add(f);
      }
    }
    Set<String> written = lower(Arrays.asList(df.columns()));
    for (ColumnSpec c : definition.columns()) {
      if (c.generatedAs() != null && !written.contains(c.name().toLowerCase(Locale.ROOT))) {
        schema = schema.add(c.name(), DataType.fromDDL(c.type()), !c.notNull());
      }
    }
    return schema;
  }

  /**
   * Fails naming the first expectation with an aggregate, window or generator function, for which
   * Spark plans more than a projection (alone, or MISSING_GROUP_BY beside another condition): it
   * would fail every batch as an observed metric. Named as Spark names such a WHERE condition.
   */
  private static void checkRowWise(Dataset<Row> df, List<Expectation> expectations) {
    for (Expectation e : expectations) {
      Dataset<Row> alone = df.select(expr(e.condition()));
      if (!isRowWise(
          ((org.apache.spark.sql.classic.Dataset<Row>) alone).queryExecution().analyzed(), df)) {
        throw StreamingTableErrors.expectationNotRowWise(e.condition());
      }
    }
  }

  /** Whether {@code plan} is a plain projection over {@code df}'s rows. */
  private static boolean isRowWise(LogicalPlan plan, Dataset<Row> df) {
    return plan instanceof org.apache.spark.sql.catalyst.plans.logical.Project project
        && project
            .child()
            .sameResult(
                ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed());
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * Counts the rows and each expectation's violations, fails the batch on a FAIL UPDATE violation,
   * sends QUARANTINE violations to the dead-letter table (the quarantine column) and leaves DROP
   * ROW violations out. Records already quarantined (they did not decode) are counted apart and
   * judged by no expectation.
   */
  private static Dataset<Row> applyExpectations(Dataset<Row> df, List<Expectation> expectations) {
    if (!expectations.isEmpty()) {
      // A condition that is not a boolean would fail every batch (a string is cast row by row).
      // All conditions in one projection: one analysis, whatever their number.
      Dataset<Row> conditions;
      LogicalPlan checked;
      try {
        conditions =
            df.select(expectations.stream().map(e -> expr(e.condition())).toArray(Column[]::new));
        checked =
            ((org.apache.spark.sql.classic.Dataset<Row>) conditions).queryExecution().analyzed();
      } catch (Exception e) { // AnalysisException (checked for Java): MISSING_GROUP_BY, say
        checkRowWise(df, expectations);
        throw e;
      }
      if (!isRowWise(checked, df)) {
        checkRowWise(df, expectations);
      }
      StructType types = conditions.schema();
      for (int i = 0; i < expectations.size(); i++) {
        DataType type = types.fields()[i].dataType();
        if (!type.equals(DataTypes.BooleanType)) {
          throw StreamingTableErrors.expectationNotBoolean(
              expectations.get(i).condition(), type.sql());
        }
        // The filter and the counts would each draw their own values (as Delta's CHECK refuses).
        if (checked instanceof org.apache.spark.sql.catalyst.plans.logical.Project project
            && !((Expression) project.projectList().apply(i)).deterministic()) {
          throw StreamingTableErrors.expectationNotDeterministic(expectations.get(i).condition());
        }
      }
    }
    boolean decodes = QuarantineRows.has(df);
    Column loaded = decodes ? col(QuarantineRows.COLUMN).isNull() : lit(true);
    List<Column> metrics = new ArrayList<>();
    metrics.add(count(when(loaded, 1)).as("rows"));
    Column dropped = lit(false);
    Column quarantined = lit(false);
    for (int i = 0; i < expectations.size(); i++) {
      Expectation e = expectations.get(i);
      Column violated = loaded.and(violated(e));
      metrics.add(sum(when(violated, 1).otherwise(0)).as("violations_" + i));
      if (e.action() == Expectation.Action.DROP_ROW) {
        dropped = dropped.or(violated);
      } else if (e.action() == Expectation.Action.QUARANTINE) {
        quarantined = quarantined.or(violated);
      }
    }
    // A row that one expectation drops and another quarantines is kept, in the dead-letter table.
    dropped = dropped.and(not(quarantined));
    metrics.add(sum(when(dropped, 1).otherwise(0)).as("dropped"));
    metrics.add(sum(when(quarantined, 1).otherwise(0)).as(ROWS_QUARANTINED));
    metrics.add(sum(when(not(loaded), 1).otherwise(0)).as(RECORDS_QUARANTINED));
    Dataset<Row> observed =
        df.observe(
            METRICS, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
    for (Expectation e : expectations) {
      if (e.action() == Expectation.Action.FAIL_UPDATE) {
        observed =
            observed.filter(
                when(
                        loaded.and(violated(e)),
                        raise_error(lit(FAIL_MARKER + e.name() + FAIL_MARKER_END)))
                    .otherwise(lit(true)));
      }
    }
    if (expectations.stream().anyMatch(e -> e.action() == Expectation.Action.QUARANTINE)) {
      observed = ExpectationQuarantine.apply(observed, expectations, loaded);
    }
    return expectations.stream().anyMatch(e -> e.action() == Expectation.Action.DROP_ROW)
        ? observed.filter(not(dropped))
        : observed;
  }

  /** A row violates an expectation when its condition is false; NULL counts as met. */
  static Column violated(Expectation e) {
    return not(coalesce(expr(e.condition()), lit(true)));
  }

  private static Set<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
