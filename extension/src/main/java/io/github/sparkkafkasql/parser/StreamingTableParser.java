package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.commands.AlterStreamingTableCommand;
import io.github.sparkkafkasql.commands.CreateStreamingTableCommand;
import io.github.sparkkafkasql.commands.DescribeStreamingTableCommand;
import io.github.sparkkafkasql.commands.RefreshStreamingTableCommand;
import io.github.sparkkafkasql.commands.ShowStreamingTablesCommand;
import io.github.sparkkafkasql.parser.Lexer.Kind;
import io.github.sparkkafkasql.parser.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Parses the statements Spark's grammar lacks or refuses to run:
 *
 * <pre>
 * { CREATE OR REFRESH STREAMING TABLE | CREATE STREAMING TABLE [ IF NOT EXISTS ] } name
 *   [ ( column type [NOT NULL] [COMMENT '…'] [, …]
 *       [, CONSTRAINT c EXPECT (condition) [ON VIOLATION { DROP ROW | FAIL UPDATE }]] … ) ]
 *   [ PARTITIONED BY (col, …) ] [ COMMENT '…' ] [ TBLPROPERTIES ('k' = 'v', …) ]
 *   [ SCHEDULE [ REFRESH ] schedule ]
 *   AS query
 * ALTER STREAMING TABLE name { { ADD | ALTER } SCHEDULE [ REFRESH ] schedule | DROP SCHEDULE }
 * REFRESH STREAMING TABLE name [ FULL ]
 * SHOW STREAMING TABLES [ { IN | FROM } namespace ]
 * { DESCRIBE | DESC } STREAMING TABLE name
 * </pre>
 *
 * Types, conditions and the query are cut from the original text and parsed by Spark's parser;
 * {@link ScheduleClause} reads schedules.
 */
final class StreamingTableParser {

  private final String sql;
  private final ParserInterface spark;
  private final TokenStream in;

  StreamingTableParser(String sql, ParserInterface spark) {
    this.sql = sql;
    this.spark = spark;
    this.in = new TokenStream(sql, Lexer.tokenize(sql));
  }

  LogicalPlan parseCreate() throws ParseException {
    in.expect("CREATE");
    boolean orRefresh = in.accept("OR");
    if (orRefresh) {
      in.expect("REFRESH");
    }
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
    List<ColumnSpec> columns = new ArrayList<>();
    List<Expectation> expectations = new ArrayList<>();
    if (in.peek().isSymbol("(")) {
      tableElements(columns, expectations);
    }
    List<String> partitionedBy = List.of();
    String comment = null;
    Map<String, String> properties = new LinkedHashMap<>();
    RefreshSchedule schedule = null;
    while (!in.peek().is("AS")) {
      if (in.accept("PARTITIONED")) {
        in.expect("BY");
        partitionedBy = in.parenthesizedNames();
      } else if (in.accept("COMMENT")) {
        comment = in.string();
      } else if (in.accept("TBLPROPERTIES")) {
        properties.putAll(in.properties());
      } else if (in.peek().is("SCHEDULE") && schedule == null) {
        in.expect("SCHEDULE");
        schedule = ScheduleClause.parse(in);
      } else if (in.peek().is("SCHEDULE")) {
        throw in.error("a table has at most one SCHEDULE");
      } else {
        throw in.error("expected PARTITIONED BY, COMMENT, TBLPROPERTIES, SCHEDULE or AS");
      }
    }
    in.expect("AS");
    String query = sql.substring(in.peek().start()).trim();
    if (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).trim();
    }
    if (query.isEmpty()) {
      throw in.error("expected the defining query after AS");
    }
    spark.parseQuery(query);
    StreamingTableDefinition definition =
        new StreamingTableDefinition(
            columns, expectations, partitionedBy, comment, properties, query);
    return new CreateStreamingTableCommand(name, orRefresh, ifNotExists, definition, schedule);
  }

  private void tableElements(List<ColumnSpec> columns, List<Expectation> expectations)
      throws ParseException {
    in.expectSymbol("(");
    do {
      if (in.accept("CONSTRAINT")) {
        expectations.add(expectation());
      } else {
        columns.add(column());
      }
    } while (in.acceptSymbol(","));
    in.expectSymbol(")");
  }

  private Expectation expectation() throws ParseException {
    String name = in.identifier();
    in.expect("EXPECT");
    String condition = in.balancedText();
    spark.parseExpression(condition);
    Expectation.Action action = Expectation.Action.KEEP;
    if (in.accept("ON")) {
      in.expect("VIOLATION");
      if (in.accept("DROP")) {
        in.expect("ROW");
        action = Expectation.Action.DROP_ROW;
      } else if (in.accept("FAIL")) {
        in.expect("UPDATE");
        action = Expectation.Action.FAIL_UPDATE;
      } else {
        throw in.error("expected DROP ROW or FAIL UPDATE after ON VIOLATION");
      }
    }
    return new Expectation(name, condition, action);
  }

  private ColumnSpec column() throws ParseException {
    String name = in.identifier();
    Token first = in.peek();
    int end = first.start();
    int depth = 0;
    while (true) {
      Token t = in.peek();
      if (t.kind() == Kind.END) {
        throw in.error("unclosed column list");
      }
      if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")") || t.is("NOT") || t.is("COMMENT"))) {
        break;
      }
      if (t.isSymbol("(") || t.isSymbol("<")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol(">")) {
        depth--;
      }
      end = in.next().end();
    }
    if (end == first.start()) {
      throw in.error("expected a type for column `" + name + "`");
    }
    String type = spark.parseDataType(sql.substring(first.start(), end)).sql();
    boolean notNull = false;
    String comment = null;
    while (in.peek().is("NOT") || in.peek().is("COMMENT")) {
      if (in.accept("NOT")) {
        in.expect("NULL");
        notNull = true;
      } else {
        in.expect("COMMENT");
        comment = in.string();
      }
    }
    return new ColumnSpec(name, type, notNull, comment);
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
