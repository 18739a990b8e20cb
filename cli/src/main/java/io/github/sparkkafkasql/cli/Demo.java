package io.github.sparkkafkasql.cli;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The {@code --demo} runner: fills a topic of an embedded broker with sample events ({@code
 * clicks}, or Avro {@code orders} for {@code --demo avro}), then runs a demo script, echoing each
 * statement before its result and producing more events where the script says {@code -- @produce
 * <topic> <n>}.
 */
final class Demo {

  /** The demos of {@code --demo [NAME]}: their script and the sample topic they fill. */
  enum Kind {
    QUICKSTART("docs/examples/quickstart.sql"),
    AVRO("docs/examples/avro.sql");

    final String script;

    Kind(String script) {
      this.script = script;
    }
  }

  /** Makes sample events {@code first} to {@code first + count - 1} for a topic. */
  @FunctionalInterface
  interface Events {
    List<ProducerRecord<byte[], byte[]>> records(String topic, long first, int count);
  }

  /** The topic a demo fills first, and what its events are. */
  record Sample(String topic, int initialEvents, String noun, Events events) {

    static final Sample CLICKS =
        new Sample(
            ClickEvents.TOPIC, ClickEvents.INITIAL_EVENTS, "click events", ClickEvents::records);

    /** Avro orders framed with the id the registry gave their schema. */
    static Sample avroOrders(int schemaId) {
      return new Sample(
          AvroOrders.TOPIC,
          AvroOrders.INITIAL_EVENTS,
          "Avro orders",
          (topic, first, count) -> AvroOrders.records(topic, schemaId, first, count));
    }
  }

  private final EmbeddedKafka kafka;
  private final StatementRunner runner;
  private final Console console;
  private final Sample sample;

  /** Per topic, the index of the next sample event, so that later batches continue the story. */
  private final Map<String, Long> nextEvent = new HashMap<>();

  Demo(EmbeddedKafka kafka, StatementRunner runner, Console console, Sample sample) {
    this.kafka = kafka;
    this.runner = runner;
    this.console = console;
    this.sample = sample;
  }

  /** Seeds the broker and runs the steps, stopping at the first failure; the exit code. */
  int run(List<DemoScript.Step> steps) {
    produce(new ProduceDirective(sample.topic(), sample.initialEvents()));
    boolean afterNote = false;
    for (DemoScript.Step step : steps) {
      // A blank line before each block; notes stay next to the statement they introduce.
      if (!afterNote) {
        console.out("");
      }
      afterNote = step instanceof DemoScript.Note;
      if (step instanceof DemoScript.Produce p) {
        produce(p.directive());
      } else if (step instanceof DemoScript.Note note) {
        console.out("--" + note.text());
      } else if (step instanceof DemoScript.Sql sql) {
        console.out(echo(sql.text()));
        if (!runner.run(sql.text())) {
          return 1;
        }
      }
    }
    return 0;
  }

  private void produce(ProduceDirective d) {
    if (!nextEvent.containsKey(d.topic())) {
      kafka.createTopic(d.topic(), ClickEvents.PARTITIONS);
    }
    long first = nextEvent.getOrDefault(d.topic(), 0L);
    kafka.produce(sample.events().records(d.topic(), first, d.count()));
    nextEvent.put(d.topic(), first + d.count());
    console.out(
        String.format(
            Locale.ROOT,
            "-- produced %d %s to topic '%s' (%d in total)",
            d.count(),
            sample.noun(),
            d.topic(),
            first + d.count()));
  }

  /** The statement as a user would type it at the prompt. */
  static String echo(String sql) {
    return "kafka-sql> " + sql.replace("\n", "\n         > ") + ";";
  }
}
