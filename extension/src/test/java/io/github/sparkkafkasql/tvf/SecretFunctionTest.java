package io.github.sparkkafkasql.tvf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which secret-like values a streaming table's definition may store. */
class SecretFunctionTest {

  private static final String REF = "{{kafka-sql-secret:pw}}";
  private static final String PLAIN =
      "org.apache.kafka.common.security.plain.PlainLoginModule required";

  @Test
  void aReferenceIsNotClearText() {
    assertThat(SecretFunction.clearText(REF)).isFalse();
    assertThat(SecretFunction.clearText("hunter2")).isTrue();
  }

  @Test
  void aJaasLineMustReferToEveryPassword() {
    assertThat(SecretFunction.clearText(PLAIN + " username=\"u\" password=\"" + REF + "\";"))
        .isFalse();
    assertThat(SecretFunction.clearText(PLAIN + " username=u password=" + REF + ";")).isFalse();
    assertThat(
            SecretFunction.clearText(
                PLAIN + " username=\"{{kafka-sql-secret:user}}\" password=\"hunter2\";"))
        .isTrue();
    assertThat(
            SecretFunction.clearText(
                PLAIN + " username=\"u\" password=\"" + REF + "\" token=hunter2;"))
        .isTrue();
  }
}
