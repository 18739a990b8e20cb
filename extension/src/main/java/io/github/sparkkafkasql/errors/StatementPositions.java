package io.github.sparkkafkasql.errors;

/** Where in the SQL text an error of ours points, when the text is not the user's statement. */
public final class StatementPositions {

  private StatementPositions() {}

  /**
   * {@code e} as it was thrown, but an error of ours without the line and position Spark gave it:
   * raised while a stored definition is analysed (a refresh, DESCRIBE), they point into text the
   * user did not type.
   */
  public static RuntimeException outsideStatement(Exception e) {
    if (e instanceof org.apache.spark.sql.AnalysisException a
        && a.getCondition() != null
        && a.getCondition().startsWith("KAFKA_SQL_")) {
      throw KafkaSqlErrors.<RuntimeException>sneaky(a.withPosition(NO_POSITION));
    }
    throw KafkaSqlErrors.<RuntimeException>sneaky(e);
  }

  private static final org.apache.spark.sql.catalyst.trees.Origin NO_POSITION =
      new org.apache.spark.sql.catalyst.trees.Origin(
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty(),
          scala.Option.empty());
}
