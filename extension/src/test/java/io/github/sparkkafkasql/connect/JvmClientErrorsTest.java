package io.github.sparkkafkasql.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.connect.proto.FetchErrorDetailsResponse;
import org.apache.spark.connect.proto.FetchErrorDetailsResponse.Error;
import org.apache.spark.connect.proto.FetchErrorDetailsResponse.SparkThrowable;
import org.junit.jupiter.api.Test;

class JvmClientErrorsTest {

  private static Error error(String condition, String... types) {
    Error.Builder e = Error.newBuilder().setMessage("[" + condition + "] text");
    for (String t : types) {
      e.addErrorTypeHierarchy(t);
    }
    if (condition != null) {
      e.setSparkThrowable(
          SparkThrowable.newBuilder().setErrorClass(condition).putMessageParameters("p", "v"));
    }
    return e.build();
  }

  @Test
  void onlyConditionsSparkDoesNotDefineBecomeSparkExceptions() {
    String analysis = "org.apache.spark.sql.AnalysisException";
    FetchErrorDetailsResponse response =
        FetchErrorDetailsResponse.newBuilder()
            .addErrors(error("KAFKA_SQL_TOPIC_NOT_FOUND", analysis, "java.lang.Exception"))
            .addErrors(error("TABLE_OR_VIEW_NOT_FOUND", analysis))
            .addErrors(error("DELTA_ONLY_OPERATION", "org.apache.spark.sql.delta.X", analysis))
            .addErrors(error(null, "java.lang.IllegalStateException"))
            .setRootErrorIdx(0)
            .build();

    FetchErrorDetailsResponse fixed = JvmClientErrors.forJvmClient(response);

    assertThat(fixed.getErrors(0).getErrorTypeHierarchyList())
        .containsExactly("org.apache.spark.SparkException");
    assertThat(fixed.getErrors(0).getMessage()).isEqualTo("[KAFKA_SQL_TOPIC_NOT_FOUND] text");
    assertThat(fixed.getErrors(0).getSparkThrowable())
        .isEqualTo(response.getErrors(0).getSparkThrowable());
    assertThat(fixed.getErrors(1)).isEqualTo(response.getErrors(1));
    assertThat(fixed.getErrors(2).getErrorTypeHierarchyList())
        .containsExactly("org.apache.spark.SparkException");
    assertThat(fixed.getErrors(3)).isEqualTo(response.getErrors(3));
    assertThat(fixed.getRootErrorIdx()).isZero();
  }
}
