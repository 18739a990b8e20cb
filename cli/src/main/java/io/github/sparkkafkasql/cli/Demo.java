package io.github.sparkkafkasql.cli;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --demo} runner: fills the {@code clicks} topic of an embedded broker with sample
 * events, then runs a demo script, echoing each statement before its result and producing more
 * events where the script says {@code -- @produce <topic> <n>}.
 */
final class Demo {

  private final EmbeddedKafka kafka;
  private final StatementRunner runner;
  private final Console console;

  /** Per topic, the index of the next sample event, so that later batches continue the story. */
  private final Map<String, Long> nextEvent = new HashMap<>();

  Demo(EmbeddedKafka kafka, StatementRunner runner, Console console) {
    this.kafka = kafka;
    this.runner = runner;
    this.console = console;
  }

  /** Seeds the broker and runs the steps, stopping at the first failure; the exit code. */
  int run(List<DemoScript.Step> steps) {
    produce(new ProduceDirective(ClickEvents.TOPIC, ClickEvents.INITIAL_EVENTS));
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
    kafka.produce(ClickEvents.records(d.topic(), first, d.count()));
    nextEvent.put(d.topic(), first + d.count());
    console.out(
        String.format(
            Locale.ROOT,
            "-- produced %d click events to topic '%s' (%d in total)",
            d.count(),
            d.topic(),
            first + d.count()));
  }

  /** The statement as a user would type it at the prompt. */
  static String echo(String sql) {
    return "kafka-sql> " + sql.replace("\n", "\n         > ") + ";";
  }
}
