package io.github.sparkkafkasql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;

/**
 * What a parsed read_kafka plan prints (EXPLAIN EXTENDED's first part): no secret, however given.
 */
class RedactSecretArgumentsTest {

  private static final KafkaSqlParser PARSER = new KafkaSqlParser(CatalystSqlParser$.MODULE$);

  /** What EXPLAIN EXTENDED prints of the parsed plan, and the plan's JSON. */
  private static String printed(String sql) throws Exception {
    return explained(sql) + "\n" + PARSER.parsePlan(sql).toJSON();
  }

  private static String explained(String sql) throws Exception {
    LogicalPlan plan = PARSER.parsePlan(sql);
    return plan.toString() + "\n" + plan.treeString(true, true, 25, false, false);
  }

  private static String read(String arguments) {
    return "SELECT * FROM read_kafka(bootstrapServers => 'broker:9092', subscribe => 't', "
        + arguments
        + ")";
  }

  @Test
  void aSecretOptionIsRedactedWhateverExpressionGivesIt() throws Exception {
    for (String value :
        new String[] {"'hunter2x'", "'hunter' || '2x'", "CAST('hunter2x' AS STRING)"}) {
      String shown = printed(read("`kafka.ssl.truststore.password` => " + value));
      assertThat(shown)
          .as(value)
          .contains("*********(redacted)")
          .doesNotContainIgnoringCase("hunter")
          .doesNotContainIgnoringCase("2x'");
    }
    // Function calls are resolved after parsing: EXPLAIN does not show them (the JSON does).
    for (String value : new String[] {"concat('hunter', '2x')", "upper('hunter2x')"}) {
      assertThat(explained(read("`kafka.ssl.truststore.password` => " + value)))
          .as(value)
          .contains("*********(redacted)")
          .doesNotContainIgnoringCase("hunter");
    }
    String jaas =
        printed(
            read(
                "`kafka.sasl.jaas.config` => 'org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"u\" password=\"' || 'hunter2x' || '\";'"));
    assertThat(jaas).doesNotContain("hunter2x").contains("*********(redacted)");
    assertThat(printed(read("schemaRegistryKeystorePassword => 'hunter2x'")))
        .doesNotContain("hunter2x");
  }

  @Test
  void secretCallsAndOtherOptionsPrintAsWritten() throws Exception {
    String shown =
        printed(
            read(
                "`kafka.ssl.truststore.password` => secret('store_pw'), startingOffsets => 'earliest'"));
    assertThat(shown).contains("secret", "store_pw", "earliest").doesNotContain("redacted");
  }

  @Test
  void urlCredentialsInAnyLiteralAreHidden() throws Exception {
    String shown =
        printed(read("schemaRegistryAddress => 'https://reader:hunter2x@registry:8081'"));
    assertThat(shown)
        .doesNotContain("hunter2x")
        .doesNotContain("reader:")
        .contains("https://(not shown)@registry:8081");
  }

  @Test
  void onlyReadKafkaArgumentsAreTouched() throws Exception {
    String shown =
        printed("SELECT * FROM range(1) WHERE 'https://reader:hunter2x@registry' IS NOT NULL");
    assertThat(shown).contains("hunter2x");
  }
}
