package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.commands.DropDatabaseCommand;
import io.github.sparkkafkasql.commands.DropTableCommand;
import io.github.sparkkafkasql.commands.RenameTableCommand;
import io.github.sparkkafkasql.commands.SetSecretCommand;
import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.Redaction;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.parser.Lexer.Token;
import java.util.List;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.ExplainMode;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/**
 * The session's SQL parser with this extension's statements added: {@code CREATE [OR REFRESH]
 * STREAMING TABLE}, {@code ALTER STREAMING TABLE} and {@code REFRESH STREAMING TABLE} are parsed
 * here, {@code DROP TABLE} is wrapped so it also removes a streaming table's state, and everything
 * else goes to Spark's parser unchanged.
 */
public final class KafkaSqlParser implements ParserInterface {

  private final ParserInterface delegate;

  public KafkaSqlParser(ParserInterface delegate) {
    this.delegate = delegate;
  }

  @Override
  public LogicalPlan parsePlan(String sqlText) throws ParseException {
    Redaction.statementParsed();
    List<Token> head = Lexer.tokenize(prefix(sqlText));
    try {
      LogicalPlan ours = parseOwn(sqlText, head);
      return ours != null
          ? ours
          : wrap(sqlText, head, rewrite(sqlText, delegate.parsePlan(sqlText)));
    } catch (ParseException e) {
      return explained(sqlText, e);
    }
  }

  @Override
  public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext parameters)
      throws ParseException {
    Redaction.statementParsed();
    List<Token> head = Lexer.tokenize(prefix(sqlText));
    try {
      LogicalPlan ours = parseOwn(sqlText, head);
      return ours != null
          ? ours
          : wrap(
              sqlText,
              head,
              rewrite(sqlText, delegate.parsePlanWithParameters(sqlText, parameters)));
    } catch (ParseException e) {
      return explained(sqlText, e);
    }
  }

  /**
   * A syntax error in a statement calling read_kafka with a dotted option name outside backticks
   * ({@code kafka.security.protocol => 'SSL'}, as a Kafka user writes it): a statement that fails
   * when run with ours, naming the option and the fix (an error thrown here would reach the user
   * rewrapped by a parser that wraps this one, such as Delta's); any other error as Spark raised
   * it.
   */
  private static LogicalPlan explained(String sqlText, ParseException e) throws ParseException {
    String name =
        READ_KAFKA_WORD.matcher(sqlText).find()
            ? dottedNameBeforeArrow(Lexer.tokenize(sqlText))
            : null;
    if (name == null) {
      throw e;
    }
    return StreamingTableParser.refused(() -> OptionErrors.unquotedOptionName(name));
  }

  /**
   * The first {@code kafkasql.*} key an {@code ALTER TABLE … SET / UNSET TBLPROPERTIES} changes, or
   * null: the extension keeps those itself (its own changes do not come through this parser).
   */
  private static String reservedPropertyEdited(LogicalPlan plan) {
    scala.collection.Iterable<String> keys;
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.SetTableProperties set) {
      keys = set.properties().keys();
    } else if (plan
        instanceof org.apache.spark.sql.catalyst.plans.logical.UnsetTableProperties unset) {
      keys = unset.propertyKeys();
    } else {
      return null;
    }
    for (String key : scala.jdk.javaapi.CollectionConverters.asJava(keys)) {
      if (TableProperties.isReserved(key)) {
        return key;
      }
    }
    return null;
  }

  /** The first {@code a.b… =>} in {@code tokens} (a dotted name given as an argument name). */
  static String dottedNameBeforeArrow(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() != Lexer.Kind.WORD || (i > 0 && tokens.get(i - 1).isSymbol("."))) {
        continue;
      }
      StringBuilder name = new StringBuilder(tokens.get(i).text());
      int j = i + 1;
      while (j + 1 < tokens.size()
          && tokens.get(j).isSymbol(".")
          && tokens.get(j + 1).kind() != Lexer.Kind.SYMBOL
          && tokens.get(j + 1).kind() != Lexer.Kind.END) {
        name.append('.').append(tokens.get(j + 1).text());
        j += 2;
      }
      if (j > i + 1
          && j + 1 < tokens.size()
          && tokens.get(j).isSymbol("=")
          && tokens.get(j + 1).isSymbol(">")
          && tokens.get(j).end() == tokens.get(j + 1).start()) {
        return name.toString();
      }
    }
    return null;
  }

  /**
   * Marks {@code STREAM read_kafka(…)} calls and rewrites {@code expr:path} before analysis.
   *
   * <p>These would be analyzer rules of the "Hints" batch, which runs before functions resolve; but
   * Spark 4.2's Hive session state (spark-sql CLI, Thrift server, enableHiveSupport) builds its
   * analyzer without the injected hint rules, so they are applied to the parsed plan here, where
   * every session type passes.
   */
  private static LogicalPlan rewrite(String sqlText, LogicalPlan plan) {
    if (sqlText.indexOf(':') >= 0) {
      plan = JSON_PATHS.apply(plan);
    }
    if (STREAM_WORD.matcher(sqlText).find()) {
      plan = STREAMING_READS.apply(plan);
    }
    if (READ_KAFKA_WORD.matcher(sqlText).find()) {
      plan = SECRET_ARGUMENTS.apply(plan);
    }
    return plan;
  }

  private static final java.util.regex.Pattern READ_KAFKA_WORD =
      java.util.regex.Pattern.compile("(?i)\\bread_kafka\\b");
  private static final RedactSecretArguments SECRET_ARGUMENTS = new RedactSecretArguments();

  private static final java.util.regex.Pattern STREAM_WORD =
      java.util.regex.Pattern.compile("(?i)\\bSTREAM\\b");
  private static final MarkStreamingReadKafka STREAMING_READS = new MarkStreamingReadKafka();
  private static final JsonPathOnStrings JSON_PATHS = new JsonPathOnStrings();

  /** Our statement, or null when the text is for Spark; {@code head}: its first tokens. */
  private LogicalPlan parseOwn(String sqlText, List<Token> head) throws ParseException {
    if (head.size() < 3) {
      return null;
    }
    if (head.get(0).is("EXPLAIN")) {
      int skip =
          head.get(1).is("EXTENDED")
                  || head.get(1).is("FORMATTED")
                  || head.get(1).is("CODEGEN")
                  || head.get(1).is("COST")
              ? 2
              : 1;
      String explained = sqlText.substring(head.get(skip).start());
      LogicalPlan ours = parseOwn(explained, Lexer.tokenize(prefix(explained)));
      return ours == null
          ? null
          : new ExplainCommand(
              ours, ExplainMode.fromString(skip == 2 ? head.get(1).text() : "simple"));
    }
    if (startsWith(head, "CREATE", "STREAMING", "TABLE")
        || startsWith(head, "CREATE", "OR", "REFRESH", "STREAMING")
        || startsWith(head, "CREATE", "OR", "REPLACE", "STREAMING")) {
      return new StreamingTableParser(sqlText, delegate).parseCreate();
    }
    if (startsWith(head, "REFRESH", "STREAMING", "TABLE")) {
      return new StreamingTableParser(sqlText, delegate).parseRefresh();
    }
    if (startsWith(head, "ALTER", "STREAMING", "TABLE")) {
      return new StreamingTableParser(sqlText, delegate).parseAlter();
    }
    if (startsWith(head, "SHOW", "STREAMING", "TABLES")
        || startsWith(head, "DESCRIBE", "STREAMING", "TABLE")
        || startsWith(head, "DESC", "STREAMING", "TABLE")) {
      return new StreamingTableParser(sqlText, delegate).parseShowOrDescribe();
    }
    return null;
  }

  /**
   * DROP TABLE also removes a streaming table's state, and DROP DATABASE … CASCADE that of each of
   * its streaming tables; ALTER TABLE … RENAME TO moves a schedule.
   */
  private LogicalPlan wrap(String sqlText, List<Token> head, LogicalPlan plan) {
    if (plan instanceof org.apache.spark.sql.execution.command.SetCommand set
        && set.kv().isDefined()
        && set.kv().get()._2().isDefined()
        && SetSecretCommand.isSecret(set.kv().get()._1(), set.kv().get()._2().get())) {
      return new SetSecretCommand(plan, set.kv().get()._1(), set.kv().get()._2().get());
    }
    String reserved = reservedPropertyEdited(plan);
    if (reserved != null) {
      return StreamingTableParser.refused(() -> StreamingTableErrors.reservedProperty(reserved));
    }
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.RenameTable rename
        && !rename.isView()
        && rename.child()
            instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView table) {
      return new RenameTableCommand(
          plan,
          scala.jdk.javaapi.CollectionConverters.asJava(table.multipartIdentifier()),
          scala.jdk.javaapi.CollectionConverters.asJava(rename.newName()));
    }
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.DropNamespace drop
        && drop.cascade()
        && drop.namespace()
            instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedNamespace namespace) {
      return new DropDatabaseCommand(
          plan, scala.jdk.javaapi.CollectionConverters.asJava(namespace.multipartIdentifier()));
    }
    if (!startsWith(head, "DROP", "TABLE")) {
      return plan;
    }
    TokenStream in = new TokenStream(sqlText, Lexer.tokenize(sqlText));
    in.expect("DROP");
    in.expect("TABLE");
    boolean ifExists = in.accept("IF");
    if (ifExists) {
      in.expect("EXISTS");
    }
    return new DropTableCommand(plan, in.qualifiedName(), ifExists);
  }

  /** Enough of the statement to see its first keywords, comments included. */
  private static String prefix(String sql) {
    return sql.length() <= 4096 ? sql : sql.substring(0, 4096);
  }

  private static boolean startsWith(List<Token> tokens, String... words) {
    for (int i = 0; i < words.length; i++) {
      if (i >= tokens.size() || !tokens.get(i).is(words[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public StructType parseRoutineParam(String sqlText) throws ParseException {
    return delegate.parseRoutineParam(sqlText);
  }

  @Override
  public Expression parseExpression(String sqlText) throws ParseException {
    Expression e = delegate.parseExpression(sqlText);
    return sqlText.indexOf(':') >= 0 ? JsonPathOnStrings.rewriteAll(e) : e;
  }

  @Override
  public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
    return delegate.parseTableIdentifier(sqlText);
  }

  @Override
  public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
    return delegate.parseFunctionIdentifier(sqlText);
  }

  @Override
  public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
    return delegate.parseMultipartIdentifier(sqlText);
  }

  @Override
  public StructType parseTableSchema(String sqlText) throws ParseException {
    return delegate.parseTableSchema(sqlText);
  }

  @Override
  public DataType parseDataType(String sqlText) throws ParseException {
    return delegate.parseDataType(sqlText);
  }

  @Override
  public LogicalPlan parseQuery(String sqlText) throws ParseException {
    // Spark parses a view's SQL text here when the view is used.
    return rewrite(sqlText, delegate.parseQuery(sqlText));
  }
}
