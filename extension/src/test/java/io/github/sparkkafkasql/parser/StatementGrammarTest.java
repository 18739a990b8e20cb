package io.github.sparkkafkasql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.commands.CreateStreamingTableCommand;
import io.github.sparkkafkasql.commands.DescribeStreamingTableCommand;
import io.github.sparkkafkasql.commands.DropTableCommand;
import io.github.sparkkafkasql.commands.RefreshStreamingTableCommand;
import io.github.sparkkafkasql.commands.RefusedStatementCommand;
import io.github.sparkkafkasql.commands.ShowStreamingTablesCommand;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.junit.jupiter.api.Test;

/**
 * Every statement form of the parser, and the errors for malformed ones, with Spark's plain
 * Catalyst parser as the delegate: no session, no broker.
 */
class StatementGrammarTest {

  private static final KafkaSqlParser PARSER = new KafkaSqlParser(CatalystSqlParser$.MODULE$);

  private static final String QUERY = "SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka()";

  private static LogicalPlan parse(String sql) throws ParseException {
    return PARSER.parsePlan(sql);
  }

  private static StreamingTableDefinition create(String sql) throws ParseException {
    LogicalPlan plan = parse(sql);
    assertThat(plan).isInstanceOf(CreateStreamingTableCommand.class);
    return ((CreateStreamingTableCommand) plan).definition();
  }

  private static ParseException syntaxError(String sql) {
    ParseException e = catchThrowableOfType(ParseException.class, () -> parse(sql));
    assertThat(e).as(sql).isNotNull();
    assertThat(e.getCondition()).isEqualTo("PARSE_SYNTAX_ERROR");
    return e;
  }

  /** A statement that parses and fails when run (a parser wrapping ours would rewrap errors). */
  private static AnalysisException refused(String sql) throws ParseException {
    LogicalPlan plan = parse(sql);
    assertThat(plan).as(sql).isInstanceOf(RefusedStatementCommand.class);
    return ((RefusedStatementCommand) plan).error();
  }

  @Test
  void createFormsAndTheirFlags() throws Exception {
    LogicalPlan plain = parse("CREATE STREAMING TABLE db.t AS " + QUERY);
    assertThat(plain.productElement(0)).isEqualTo("db.t");
    assertThat(plain.productElement(1)).isEqualTo("");
    assertThat(parse("create or refresh streaming table t as " + QUERY).productElement(1))
        .isEqualTo("OR REFRESH");
    assertThat(parse("CREATE STREAMING TABLE IF NOT EXISTS `a b` AS " + QUERY).productElement(1))
        .isEqualTo("IF NOT EXISTS");
    assertThat(create("CREATE STREAMING TABLE t AS " + QUERY + " ;").query()).isEqualTo(QUERY);
    assertThat(parse("EXPLAIN CREATE STREAMING TABLE t AS " + QUERY))
        .isInstanceOf(ExplainCommand.class);
  }

  @Test
  void columnsAndTableClausesAreSparks() throws Exception {
    StreamingTableDefinition d =
        create(
            "CREATE STREAMING TABLE t (\n"
                + "  id BIGINT NOT NULL COMMENT 'key',\n"
                + "  CONSTRAINT valid EXPECT (id > 0) ON VIOLATION DROP ROW,\n"
                + "  amount DECIMAL(10, 2) DEFAULT 0,\n"
                + "  day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),\n"
                + "  tags MAP<STRING, ARRAY<INT>>,\n"
                + "  CONSTRAINT small EXPECT (amount < 100)\n"
                + ") PARTITIONED BY (day) COMMENT 'c' TBLPROPERTIES ('a' = 'b', delta.appendOnly = true)"
                + " AS "
                + QUERY);
    assertThat(d.columns())
        .containsExactly(
            new ColumnSpec("id", "BIGINT", true, "key", null, null),
            new ColumnSpec("amount", "DECIMAL(10,2)", false, null, "0", null),
            new ColumnSpec("day", "DATE", false, null, null, "CAST(ts AS DATE)"),
            new ColumnSpec("tags", "MAP<STRING, ARRAY<INT>>", false, null, null, null));
    assertThat(d.expectations())
        .containsExactly(
            new Expectation("valid", "id > 0", Expectation.Action.DROP_ROW),
            new Expectation("small", "amount < 100", Expectation.Action.KEEP));
    assertThat(d.partitionedBy()).containsExactly("day");
    assertThat(d.clusterBy()).isEmpty();
    assertThat(d.comment()).isEqualTo("c");
    assertThat(d.properties()).isEqualTo(Map.of("a", "b", "delta.appendOnly", "true"));
  }

  @Test
  void clusterByAndExpectationsOnly() throws Exception {
    StreamingTableDefinition d =
        create(
            "CREATE STREAMING TABLE t (CONSTRAINT c EXPECT (v IS NOT NULL) ON VIOLATION FAIL UPDATE)"
                + " USING delta CLUSTER BY (v, w) SCHEDULE EVERY 1 HOUR AS "
                + QUERY);
    assertThat(d.columns()).isEmpty();
    assertThat(d.clusterBy()).containsExactly("v", "w");
    assertThat(d.expectations())
        .extracting(Expectation::action)
        .containsExactly(Expectation.Action.FAIL_UPDATE);
  }

  @Test
  void clausesStreamingTablesCannotHonourAreRefusedByName() throws Exception {
    String[][] cases = {
      {"USING parquet", "USING parquet"},
      {"LOCATION '/tmp/x'", "LOCATION"},
      {"OPTIONS ('a' = 'b')", "OPTIONS"},
      {"STORED AS PARQUET", "ROW FORMAT / STORED AS"},
      {"CLUSTERED BY (v) INTO 4 BUCKETS", "CLUSTERED BY … INTO … BUCKETS"},
      {"PARTITIONED BY (years(v))", "PARTITIONED BY years(v)"},
    };
    for (String[] c : cases) {
      AnalysisException e = refused("CREATE STREAMING TABLE t " + c[0] + " AS " + QUERY);
      assertThat(e.getCondition()).as(c[0]).isEqualTo("KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE");
      assertThat(e.getMessageParameters().get("clause")).as(c[0]).isEqualTo(c[1]);
    }
    AnalysisException identity =
        refused("CREATE STREAMING TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY) AS " + QUERY);
    assertThat(identity.getMessageParameters().get("clause")).contains("IDENTITY", "`id`");
  }

  @Test
  void createOrReplaceIsRefusedWithTheStatementsToUse() throws Exception {
    AnalysisException e = refused("CREATE OR REPLACE STREAMING TABLE db.t AS " + QUERY);
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_CREATE_OR_REPLACE_STREAMING_TABLE");
    assertThat(e.getMessageParameters()).containsEntry("table", "`db`.`t`");
    assertThat(e.getMessage()).contains("CREATE OR REFRESH STREAMING TABLE", "FULL");
  }

  @Test
  void malformedCreatesAreSyntaxErrorsAtTheRightPlace() {
    assertThat(
            syntaxError("CREATE OR REFRESH STREAMING TABLE IF NOT EXISTS t AS SELECT 1")
                .getMessageParameters()
                .get("hint"))
        .contains("IF NOT EXISTS cannot be combined with OR REFRESH");
    assertThat(
            syntaxError(
                    "CREATE STREAMING TABLE t (a INT, CONSTRAINT c EXPECT (a > 0)"
                        + " ON VIOLATION IGNORE) AS SELECT 1")
                .getMessageParameters()
                .get("hint"))
        .contains("DROP ROW, FAIL UPDATE or QUARANTINE");
    assertThat(syntaxError("CREATE STREAMING TABLE t").getMessageParameters().get("hint"))
        .contains("expected AS");
    assertThat(syntaxError("CREATE STREAMING TABLE t AS").getMessageParameters().get("hint"))
        .contains("defining query");
    assertThat(
            syntaxError("CREATE STREAMING TABLE t (a INT,) AS SELECT 1")
                .getMessageParameters()
                .get("hint"))
        .contains("expected a column");
    // Spark's own error for Spark's clauses, at its place in the statement as written.
    ParseException spark =
        catchThrowableOfType(
            ParseException.class,
            () -> parse("CREATE OR REFRESH STREAMING TABLE t (a INTEGR) AS SELECT 1"));
    assertThat(spark.getCondition()).isEqualTo("UNSUPPORTED_DATATYPE");
    assertThat(spark.getMessage()).contains("(line 1, position 40)", "TABLE t (a INTEGR)");
    ParseException clause = syntaxError("CREATE STREAMING TABLE t\nPARTITIONED (a) AS SELECT 1");
    assertThat(clause.line().get()).isEqualTo(2);
    assertThat(syntaxError("CREATE STREAMING TABLE t AS SELECT (1").getCondition())
        .isEqualTo("PARSE_SYNTAX_ERROR");
  }

  @Test
  void refreshShowDescribeAndDrop() throws Exception {
    LogicalPlan refresh = parse("REFRESH STREAMING TABLE db.t FULL;");
    assertThat(refresh).isInstanceOf(RefreshStreamingTableCommand.class);
    assertThat(refresh.productElement(1)).isEqualTo("FULL");
    assertThat(parse("refresh streaming table t").productElement(1)).isEqualTo("INCREMENTAL");
    assertThat(syntaxError("REFRESH STREAMING TABLE t PARTIAL").getMessageParameters().get("hint"))
        .contains("end of the statement");
    assertThat(parse("SHOW STREAMING TABLES")).isInstanceOf(ShowStreamingTablesCommand.class);
    assertThat(parse("SHOW STREAMING TABLES IN db")).isInstanceOf(ShowStreamingTablesCommand.class);
    assertThat(parse("SHOW STREAMING TABLES FROM cat.db;"))
        .isInstanceOf(ShowStreamingTablesCommand.class);
    assertThat(parse("DESC STREAMING TABLE t")).isInstanceOf(DescribeStreamingTableCommand.class);
    assertThat(parse("DESCRIBE STREAMING TABLE db.t"))
        .isInstanceOf(DescribeStreamingTableCommand.class);
    assertThat(syntaxError("DESCRIBE STREAMING TABLE").getMessageParameters().get("hint"))
        .contains("a name");
    LogicalPlan drop = parse("DROP TABLE IF EXISTS db.t");
    assertThat(drop).isInstanceOf(DropTableCommand.class);
    assertThat(drop.productElement(0)).isEqualTo("db.t");
    assertThat(drop.productElement(1)).isEqualTo(true);
  }

  @Test
  void otherStatementsStaySparks() throws Exception {
    assertThat(parse("CREATE TABLE t (a INT) USING delta"))
        .isNotInstanceOf(CreateStreamingTableCommand.class);
    assertThat(parse("SHOW TABLES").getClass().getName()).doesNotContain("sparkkafkasql");
    assertThat(List.of(parse("SELECT 1"))).allMatch(p -> !p.getClass().getName().contains("kafka"));
  }

  @Test
  void aDottedOptionNameOutsideBackticksIsNamedWithItsFix() throws Exception {
    String read =
        "SELECT * FROM read_kafka(bootstrapServers => 'b:9092', subscribe => 't', %s => 'SSL')";
    for (String sql :
        new String[] {
          String.format(read, "kafka.security.protocol"),
          "CREATE STREAMING TABLE s AS " + String.format(read, "kafka.security.protocol"),
          String.format(read, "kafka.security.protocol").replace("SSL", "x') WHERE (")
        }) {
      // Refused when run: a parser wrapping ours (Delta's) would rewrap an error thrown here.
      AnalysisException e = refused(sql);
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_OPTION_NAME_NOT_QUOTED");
      assertThat(e.getMessage()).contains("`kafka.security.protocol` => …");
    }
    // In backticks it parses; other syntax errors in a read stay Spark's.
    assertThat(parse(String.format(read, "`kafka.security.protocol`"))).isNotNull();
    syntaxError(String.format(read, "`kafka.security.protocol`") + " WHERE (");
    syntaxError("SELECT a.b FROM t WHERE a.b => 1");
  }
}
