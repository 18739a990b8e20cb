package io.github.sparkkafkasql.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Ctrl-C and SIGTERM for a mode that runs until stopped: the JVM's shutdown asks the main thread to
 * stop and waits until it has stopped everything it started, in its own order.
 *
 * <p>The hook goes into Hadoop's shutdown hook manager, which runs hooks one at a time by priority:
 * above Spark's (Hadoop's {@code FileSystem} priority + 30), so that the main thread stops the
 * server, then the Spark session, then the embedded broker, before Spark's own hook would stop the
 * session under a server that is still answering.
 */
final class StopSignal implements AutoCloseable {

  private static final int PRIORITY = 50;
  private static final long TIMEOUT_SECONDS = 60;

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  /** A signal whose shutdown hook is installed. */
  static StopSignal install() {
    StopSignal signal = new StopSignal();
    ShutdownHookManager.get()
        .addShutdownHook(signal::onShutdown, PRIORITY, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return signal;
  }

  /** Blocks until the JVM begins to shut down (Ctrl-C, SIGTERM, or an exit elsewhere). */
  void awaitStopRequest() throws InterruptedException {
    requested.await();
  }

  /** Everything is stopped: the shutdown may go on. */
  @Override
  public void close() {
    finished.countDown();
  }

  private void onShutdown() {
    requested.countDown();
    try {
      finished.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
