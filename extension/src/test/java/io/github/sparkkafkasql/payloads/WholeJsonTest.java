package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WholeJsonTest {

  private static void check(String text) {
    WholeJson.check(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":1}",
        " {\"id\":1}\n",
        "[1,2]",
        "42",
        "{'id':1}", // from_json accepts single quotes by default
        "{\"x\":NaN}", // and NaN, Infinity
        "{\"x\":-Infinity}",
        "{\"id\":" // not JSON at all: left to the decoder, which says what is wrong
      })
  void oneValueOrAnInvalidOnePasses(String text) {
    assertThatCode(() -> check(text)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":1}{\"id\":2}",
        "{\"id\":1} junk",
        "{'id':1}{'id':2}", // the second document was dropped before single quotes were allowed
        "{\"x\":NaN} {\"x\":1}"
      })
  void textAfterTheFirstValueIsRefused(String text) {
    assertThatThrownBy(() -> check(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("text follows the first JSON value, at byte ");
  }

  @Test
  void anEmptyOrBlankValueIsRefused() {
    assertThatThrownBy(() -> check("")).hasMessageContaining("the value is empty (0 bytes)");
    assertThatThrownBy(() -> check(" \n")).hasMessageContaining("only white space");
  }
}
