package io.github.sparkkafkasql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.commands.AlterStreamingTableCommand;
import io.github.sparkkafkasql.commands.CreateStreamingTableCommand;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;

/**
 * The SCHEDULE clause of CREATE STREAMING TABLE and ALTER STREAMING TABLE, parsed without Spark.
 */
class ScheduleSyntaxTest {

  private static final KafkaSqlParser PARSER = new KafkaSqlParser(CatalystSqlParser$.MODULE$);

  private static LogicalPlan parse(String sql) throws ParseException {
    return PARSER.parsePlan(sql);
  }

  /** The schedule as the CREATE command shows it in plans. */
  private static Object createSchedule(String clauses) throws ParseException {
    LogicalPlan plan = parse("CREATE STREAMING TABLE t " + clauses + " AS SELECT 1 AS x");
    assertThat(plan).isInstanceOf(CreateStreamingTableCommand.class);
    return plan.productElement(2);
  }

  private static String syntaxError(String sql) {
    ParseException e = catchThrowableOfType(ParseException.class, () -> parse(sql));
    assertThat(e).as(sql).isNotNull();
    assertThat(e.getCondition()).isEqualTo("PARSE_SYNTAX_ERROR");
    return e.getMessageParameters().get("hint");
  }

  @Test
  void everyTakesSingularOrPluralUnits() throws Exception {
    assertThat(createSchedule("SCHEDULE EVERY 2 HOURS")).isEqualTo("SCHEDULE EVERY 2 HOURS");
    assertThat(createSchedule("SCHEDULE REFRESH EVERY 1 hour")).isEqualTo("SCHEDULE EVERY 1 HOUR");
    assertThat(createSchedule("schedule every 1 days")).isEqualTo("SCHEDULE EVERY 1 DAY");
    assertThat(createSchedule("SCHEDULE EVERY 8 WEEK")).isEqualTo("SCHEDULE EVERY 8 WEEKS");
    assertThat(createSchedule("SCHEDULE EVERY 90 MINUTES")).isEqualTo("SCHEDULE EVERY 90 MINUTES");
  }

  @Test
  void cronTakesAnOptionalTimeZone() throws Exception {
    assertThat(createSchedule("SCHEDULE CRON '0 0 * * * ?'"))
        .isEqualTo("SCHEDULE CRON '0 0 * * * ?'");
    assertThat(createSchedule("SCHEDULE REFRESH CRON ' 0 0/15 * * * ? * ' AT TIME ZONE 'UTC'"))
        .isEqualTo("SCHEDULE CRON '0 0/15 * * * ? *' AT TIME ZONE 'UTC'");
  }

  @Test
  void scheduleMixesWithTheOtherClausesInAnyOrder() throws Exception {
    assertThat(
            createSchedule(
                "COMMENT 'c' SCHEDULE EVERY 3 DAYS TBLPROPERTIES ('a' = 'b') PARTITIONED BY (x)"))
        .isEqualTo("SCHEDULE EVERY 3 DAYS");
    assertThat(createSchedule("COMMENT 'no schedule'")).isEqualTo("");
  }

  @Test
  void boundsAreLeftToTheStatementSoTheyFailWithTheirOwnCondition() throws Exception {
    assertThat(createSchedule("SCHEDULE EVERY 0 HOURS")).isEqualTo("SCHEDULE EVERY 0 HOURS");
    assertThat(createSchedule("SCHEDULE EVERY 99999999999999999999 WEEKS"))
        .isEqualTo("SCHEDULE EVERY " + Long.MAX_VALUE + " WEEKS");
  }

  @Test
  void malformedSchedulesAreSyntaxErrors() throws Exception {
    assertThat(
            syntaxError(
                "CREATE STREAMING TABLE t SCHEDULE EVERY 1 HOUR SCHEDULE EVERY 2 HOURS AS SELECT 1"))
        .contains("at most one SCHEDULE");
    assertThat(syntaxError("CREATE STREAMING TABLE t SCHEDULE EVERY 30 SECONDS AS SELECT 1"))
        .contains("MINUTE(S), HOUR(S), DAY(S) or WEEK(S)");
    assertThat(syntaxError("CREATE STREAMING TABLE t SCHEDULE EVERY 1.5 HOURS AS SELECT 1"))
        .contains("whole number");
    assertThat(syntaxError("CREATE STREAMING TABLE t SCHEDULE EVERY -1 HOURS AS SELECT 1"))
        .contains("whole number");
    assertThat(syntaxError("CREATE STREAMING TABLE t SCHEDULE DAILY AS SELECT 1"))
        .contains("EVERY or CRON");
    assertThat(syntaxError("CREATE STREAMING TABLE t SCHEDULE CRON 0 AS SELECT 1"))
        .contains("quoted string");
    assertThat(
            syntaxError(
                "CREATE STREAMING TABLE t SCHEDULE CRON '0 0 * * * ?' AT 'UTC' AS SELECT 1"))
        .contains("TIME");
  }

  @Test
  void alterAddsChangesOrDropsTheSchedule() throws Exception {
    LogicalPlan add = parse("ALTER STREAMING TABLE db.t ADD SCHEDULE REFRESH EVERY 1 HOUR;");
    assertThat(add).isInstanceOf(AlterStreamingTableCommand.class);
    assertThat(add.productElement(0)).isEqualTo("db.t");
    assertThat(add.productElement(1)).isEqualTo("ADD SCHEDULE EVERY 1 HOUR");
    assertThat(
            parse("alter streaming table t alter schedule cron '0 0 0 * * ?' at time zone 'PST'")
                .productElement(1))
        .isEqualTo("ALTER SCHEDULE CRON '0 0 0 * * ?' AT TIME ZONE 'PST'");
    assertThat(parse("ALTER STREAMING TABLE t DROP SCHEDULE").productElement(1))
        .isEqualTo("DROP SCHEDULE");
  }

  @Test
  void alterTakesOnlyScheduleClauses() throws Exception {
    assertThat(syntaxError("ALTER STREAMING TABLE t SET TBLPROPERTIES ('a' = 'b')"))
        .contains("ADD SCHEDULE, ALTER SCHEDULE or DROP SCHEDULE");
    assertThat(syntaxError("ALTER STREAMING TABLE t DROP SCHEDULE EVERY 1 HOUR"))
        .contains("end of the statement");
    assertThat(syntaxError("ALTER STREAMING TABLE t ADD SCHEDULE")).contains("EVERY or CRON");
  }

  @Test
  void otherAlterStatementsStaySparks() throws Exception {
    assertThat(parse("ALTER TABLE t SET TBLPROPERTIES ('a' = 'b')"))
        .isNotInstanceOf(AlterStreamingTableCommand.class);
  }
}
