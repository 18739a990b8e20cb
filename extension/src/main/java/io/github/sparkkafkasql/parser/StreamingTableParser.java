package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.commands.AlterStreamingTableCommand;
import io.github.sparkkafkasql.commands.CreateStreamingTableCommand;
import io.github.sparkkafkasql.commands.DescribeStreamingTableCommand;
import io.github.sparkkafkasql.commands.RefreshStreamingTableCommand;
import io.github.sparkkafkasql.commands.RefusedStatementCommand;
import io.github.sparkkafkasql.commands.ShowStreamingTablesCommand;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.parser.Lexer.Kind;
import io.github.sparkkafkasql.parser.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Parses the statements Spark's grammar lacks or refuses to run:
 *
 * <pre>
 * { CREATE OR REFRESH STREAMING TABLE | CREATE STREAMING TABLE [ IF NOT EXISTS ] } name
 *   [ ( column definition [, …]
 *       [, CONSTRAINT c EXPECT (condition) [ON VIOLATION { DROP ROW | FAIL UPDATE | QUARANTINE }]] … ) ]
 *   [ table clauses of CREATE TABLE: PARTITIONED BY, CLUSTER BY, COMMENT, TBLPROPERTIES … ]
 *   [ SCHEDULE [ REFRESH ] schedule ]
 *   AS query
 * ALTER STREAMING TABLE name { { ADD | ALTER } SCHEDULE [ REFRESH ] schedule | DROP SCHEDULE }
 * REFRESH STREAMING TABLE name [ FULL ]
 * SHOW STREAMING TABLES [ { IN | FROM } namespace ]
 * { DESCRIBE | DESC } STREAMING TABLE name
 * </pre>
 *
 * Only our words are parsed here. The column definitions and table clauses are Spark's own: the
 * statement, with our words blanked out and without its query, is a {@code CREATE TABLE} that
 * Spark's parser reads ({@link TableSpec} takes the table specification from its plan), the way
 * Delta's parser hands the statements it does not own to Spark's. Conditions and the query are cut
 * from the original text and parsed by Spark's parser too; {@link ScheduleClause} reads schedules.
 */
final class StreamingTableParser {

  private final String sql;
  private final ParserInterface spark;
  private final TokenStream in;

  /**
   * The statement as Spark's {@code CREATE TABLE}: our words and clauses (OR REFRESH, STREAMING,
   * expectations, SCHEDULE, the query) blanked out, so that Spark's errors point into the text the
   * user wrote.
   */
  private final StringBuilder tableText;

  /** The first expectation whose condition holds a subquery, refused when the statement runs. */
  private Expectation subquery;

  StreamingTableParser(String sql, ParserInterface spark) {
    this.sql = sql;
    this.tableText = new StringBuilder(sql);
    this.spark = spark;
    this.in = new TokenStream(sql, Lexer.tokenize(sql));
  }

  LogicalPlan parseCreate() throws ParseException {
    in.expect("CREATE");
    boolean orRefresh = in.peek().is("OR");
    if (orRefresh) {
      blank(in.next());
      if (in.accept("REPLACE")) {
        in.expect("STREAMING");
        in.expect("TABLE");
        String table = SqlText.identifier(in.qualifiedName());
        return refused(() -> StreamingTableErrors.createOrReplaceStreamingTable(table));
      }
      blank(in.peek());
      in.expect("REFRESH");
    }
    blank(in.peek());
    in.expect("STREAMING");
    in.expect("TABLE");
    boolean ifNotExists = false;
    if (in.accept("IF")) {
      if (orRefresh) {
        throw in.error("IF NOT EXISTS cannot be combined with OR REFRESH");
      }
      in.expect("NOT");
      in.expect("EXISTS");
      ifNotExists = true;
    }
    List<String> name = in.qualifiedName();
    List<Expectation> expectations = new ArrayList<>();
    if (in.peek().isSymbol("(")) {
      tableElements(expectations);
    }
    if (subquery != null) {
      // An expectation checks each row on its own.
      Expectation e = subquery;
      return refused(() -> StreamingTableErrors.expectationSubquery(e.name(), e.sql()));
    }
    RefreshSchedule schedule = clausesUntilAs();
    int tableEnd = in.peek().start();
    in.expect("AS");
    String query = sql.substring(in.peek().start()).trim();
    if (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).trim();
    }
    if (query.isEmpty()) {
      throw in.error("expected the defining query after AS");
    }
    LogicalPlan sparkPlan = sparkParse(tableText.substring(0, tableEnd));
    TableSpec table;
    try {
      table = DeltaClusterByRewrite.undo(TableSpec.of(sparkPlan));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      return refused(e);
    }
    spark.parseQuery(query);
    StreamingTableDefinition definition =
        new StreamingTableDefinition(
            table.columns(),
            expectations,
            table.partitionedBy(),
            table.clusterBy(),
            table.comment(),
            table.properties(),
            query,
            null);
    return new CreateStreamingTableCommand(name, orRefresh, ifNotExists, definition, schedule);
  }

  /**
   * Reads the clauses between the name (or column list) and AS: SCHEDULE is ours and is blanked
   * out; the others are left for Spark. Returns the schedule, or null.
   */
  private RefreshSchedule clausesUntilAs() {
    RefreshSchedule schedule = null;
    int depth = 0;
    Token previous = null;
    while (depth > 0 || !in.peek().is("AS") || (previous != null && previous.is("STORED"))) {
      Token t = in.peek();
      if (t.kind() == Kind.END) {
        throw in.error(depth > 0 ? "unclosed '('" : "expected AS and the defining query");
      }
      if (depth == 0 && t.is("SCHEDULE")) {
        if (schedule != null) {
          throw in.error("a table has at most one SCHEDULE");
        }
        in.next();
        schedule = ScheduleClause.parse(in);
        blank(t.start(), in.previousEnd());
        previous = null;
        continue;
      }
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      }
      previous = in.next();
    }
    return schedule;
  }

  /**
   * The column list: CONSTRAINT … EXPECT elements are ours and are blanked out (with the commas
   * that would be left dangling); columns are left for Spark.
   */
  private void tableElements(List<Expectation> expectations) throws ParseException {
    Token open = in.next();
    List<int[]> kept = new ArrayList<>(); // start, end and following comma of each column
    do {
      Token first = in.peek();
      if (first.is("CONSTRAINT") && in.peek(2).is("EXPECT")) {
        in.next();
        expectations.add(expectation());
      } else {
        skipElement();
        kept.add(new int[] {first.start(), in.previousEnd(), in.peek().start()});
      }
    } while (in.acceptSymbol(","));
    Token close = in.peek();
    in.expectSymbol(")");
    if (kept.isEmpty()) {
      blank(open.start(), close.end());
      return;
    }
    blank(open.end(), close.start());
    for (int i = 0; i < kept.size(); i++) {
      int[] span = kept.get(i);
      tableText.replace(span[0], span[1], sql.substring(span[0], span[1]));
      if (i < kept.size() - 1) {
        tableText.setCharAt(span[2], ',');
      }
    }
  }

  /** Skips a column (or another element Spark knows) up to the ',' or ')' that ends it. */
  private void skipElement() {
    Token first = in.peek();
    int depth = 0;
    while (true) {
      Token t = in.peek();
      if (t.kind() == Kind.END) {
        throw in.error("unclosed column list");
      }
      if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")"))) {
        if (t == first) {
          throw in.error("expected a column");
        }
        return;
      }
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      }
      in.next();
    }
  }

  private Expectation expectation() throws ParseException {
    String name = in.identifier();
    in.expect("EXPECT");
    String condition = in.balancedText();
    // A subquery is refused with its own error, below: Spark's expression parser would call
    // `IN (SELECT …)` a typed literal of type SELECT.
    boolean hasSubquery = Lexer.tokenize(condition).stream().anyMatch(t -> t.is("SELECT"));
    if (!hasSubquery) {
      spark.parseExpression(condition);
    }
    Expectation.Action action = Expectation.Action.KEEP;
    if (in.accept("ON")) {
      in.expect("VIOLATION");
      if (in.accept("DROP")) {
        in.expect("ROW");
        action = Expectation.Action.DROP_ROW;
      } else if (in.accept("FAIL")) {
        in.expect("UPDATE");
        action = Expectation.Action.FAIL_UPDATE;
      } else if (in.accept("QUARANTINE")) {
        action = Expectation.Action.QUARANTINE;
      } else {
        throw in.error("expected DROP ROW, FAIL UPDATE or QUARANTINE after ON VIOLATION");
      }
    }
    Expectation expectation = new Expectation(name, condition, action);
    if (hasSubquery && subquery == null) {
      subquery = expectation;
    }
    return expectation;
  }

  /** A statement that fails when run with {@code error}, an AnalysisException of ours. */
  static LogicalPlan refused(java.util.concurrent.Callable<RuntimeException> error) {
    try {
      throw error.call();
    } catch (Exception e) {
      return refused(e);
    }
  }

  private static LogicalPlan refused(Exception e) {
    if (e instanceof AnalysisException a && !(e instanceof ParseException)) {
      return new RefusedStatementCommand(a);
    }
    throw new IllegalStateException("Unexpected error while parsing", e);
  }

  /** Spark's CREATE TABLE plan of the statement with our clauses blanked out. */
  private LogicalPlan sparkParse(String text) throws ParseException {
    try {
      return spark.parsePlan(text);
    } catch (ParseException e) {
      // Positions are unchanged by blanking; show the statement as the user wrote it.
      throw e.withCommand(sql);
    }
  }

  /** Blanks a token out of the text handed to Spark. */
  private void blank(Token t) {
    blank(t.start(), t.end());
  }

  /** Blanks a span out of the text handed to Spark, keeping line breaks so positions hold. */
  private void blank(int start, int end) {
    for (int i = start; i < end; i++) {
      if (tableText.charAt(i) != '\n') {
        tableText.setCharAt(i, ' ');
      }
    }
  }

  LogicalPlan parseShowOrDescribe() {
    if (in.accept("SHOW")) {
      in.expect("STREAMING");
      in.expect("TABLES");
      List<String> namespace = List.of();
      if (in.accept("IN") || in.accept("FROM")) {
        namespace = in.qualifiedName();
      }
      in.acceptSymbol(";");
      in.expectEnd();
      return new ShowStreamingTablesCommand(namespace);
    }
    if (!in.accept("DESC")) {
      in.expect("DESCRIBE");
    }
    in.expect("STREAMING");
    in.expect("TABLE");
    List<String> name = in.qualifiedName();
    in.acceptSymbol(";");
    in.expectEnd();
    return new DescribeStreamingTableCommand(name);
  }

  LogicalPlan parseAlter() {
    in.expect("ALTER");
    in.expect("STREAMING");
    in.expect("TABLE");
    List<String> name = in.qualifiedName();
    AlterStreamingTableCommand.Action action;
    if (in.accept("ADD")) {
      action = AlterStreamingTableCommand.Action.ADD;
    } else if (in.accept("ALTER")) {
      action = AlterStreamingTableCommand.Action.ALTER;
    } else if (in.accept("DROP")) {
      action = AlterStreamingTableCommand.Action.DROP;
    } else {
      throw in.error("expected ADD SCHEDULE, ALTER SCHEDULE or DROP SCHEDULE");
    }
    in.expect("SCHEDULE");
    RefreshSchedule schedule =
        action == AlterStreamingTableCommand.Action.DROP ? null : ScheduleClause.parse(in);
    in.acceptSymbol(";");
    in.expectEnd();
    return new AlterStreamingTableCommand(name, action, schedule);
  }

  LogicalPlan parseRefresh() {
    in.expect("REFRESH");
    in.expect("STREAMING");
    in.expect("TABLE");
    List<String> name = in.qualifiedName();
    boolean full = in.accept("FULL");
    in.acceptSymbol(";");
    in.expectEnd();
    return new RefreshStreamingTableCommand(name, full);
  }
}
