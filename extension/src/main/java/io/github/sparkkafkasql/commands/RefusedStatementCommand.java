package io.github.sparkkafkasql.commands;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A statement of ours that parses but cannot run (a clause a streaming table cannot honour, CREATE
 * OR REPLACE): it fails when run, with its error condition. Thrown while parsing, the error would
 * not reach the user as it is: a parser that wraps ours, such as Delta's, rewraps any
 * AnalysisException but a ParseException.
 */
public final class RefusedStatementCommand extends KafkaSqlCommand {

  private final AnalysisException error;

  public RefusedStatementCommand(AnalysisException error) {
    super(new StructType());
    this.error = error;
  }

  /** The error the statement fails with. */
  public AnalysisException error() {
    return error;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    throw io.github.sparkkafkasql.errors.KafkaSqlErrors.raise(error);
  }

  @Override
  protected List<Object> arguments() {
    return List.of(error.getCondition());
  }
}
