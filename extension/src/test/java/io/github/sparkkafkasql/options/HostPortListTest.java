package io.github.sparkkafkasql.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bootstrapServers check, before any client sees the addresses. */
class HostPortListTest {

  @Test
  void acceptsPortsUpTo65535() {
    assertThat(Validators.HOST_PORT_LIST.problem("localhost:9092, broker-2.example:65535"))
        .isNull();
  }

  @Test
  void refusesPortsAbove65535WithTheAddress() {
    // Kafka's client threw IllegalArgumentException "port out of range:99999" from deep inside.
    assertThat(Validators.HOST_PORT_LIST.problem("localhost:9092,localhost:99999"))
        .isEqualTo("has 'localhost:99999', whose port is above 65535");
  }

  @Test
  void refusesAddressesWithoutAPort() {
    assertThat(Validators.HOST_PORT_LIST.problem("localhost"))
        .isEqualTo("has 'localhost', which is not in host:port form");
  }

  @Test
  void acceptsWhatKafkasClientAccepts() {
    // A listener's prefix, as addresses copied from a broker's `listeners` have; IPv6 in brackets.
    assertThat(Validators.HOST_PORT_LIST.problem("PLAINTEXT://broker-1:9092,SASL_SSL://[::1]:9093"))
        .isNull();
    assertThat(Validators.HOST_PORT_LIST.problem("broker-1:9092/"))
        .isEqualTo("has 'broker-1:9092/', which is not in host:port form");
  }
}
