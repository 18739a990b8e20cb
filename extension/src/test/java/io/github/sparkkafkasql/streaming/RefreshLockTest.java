package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh lock against another process: a Thrift server and a {@code spark-sql} shell, say,
 * refreshing one table. The other process is a small JVM of its own holding the OS file lock.
 */
class RefreshLockTest {

  @Test
  void aRefreshRefusedWhileAnotherProcessHeldTheLockRunsOnceItIsReleased(@TempDir Path state)
      throws Exception {
    Process other = holdLock(state.resolve("refresh.lock"));
    try {
      AnalysisException busy =
          catchThrowableOfType(
              AnalysisException.class,
              () -> RefreshLock.acquire(state.toUri().toString(), "`t`").close());
      assertThat(busy.getCondition()).isEqualTo("KAFKA_SQL_REFRESH_IN_PROGRESS");
      assertThat(busy.getMessageParameters()).containsEntry("table", "`t`");
      // The waiting variant (scheduled refreshes) gives up too while the other process holds it.
      AnalysisException stillBusy =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  RefreshLock.acquire(state.toUri().toString(), "`t`", Duration.ofMillis(300))
                      .close());
      assertThat(stillBusy.getCondition()).isEqualTo("KAFKA_SQL_REFRESH_IN_PROGRESS");
    } finally {
      other.getOutputStream().close();
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // The other process is gone, and so is its lock: this process refreshes, and again after.
    RefreshLock.acquire(state.toUri().toString(), "`t`").close();
    RefreshLock.acquire(state.toUri().toString(), "`t`", Duration.ofSeconds(5)).close();
  }

  @Test
  void theWaitingVariantTakesTheLockWhenTheOtherProcessLetsGo(@TempDir Path state)
      throws Exception {
    Process other = holdLock(state.resolve("refresh.lock"));
    // Let go right away: the other JVM takes a moment to exit, so the first tries are refused
    // while it still holds the lock, and a later one must succeed.
    other.getOutputStream().close();
    try (RefreshLock lock =
        RefreshLock.acquire(state.toUri().toString(), "`t`", Duration.ofSeconds(60))) {
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      other.destroy();
    }
  }

  /** Starts a JVM that holds an OS lock on {@code file} until its standard input closes. */
  private static Process holdLock(Path file) throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the other process's first line").isEqualTo("held");
    return p;
  }

  /** The other process. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel =
              FileChannel.open(
                  Paths.get(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        System.out.println("held");
        System.out.flush();
        while (System.in.read() >= 0) {
          // Holds the lock until the test closes this process's standard input.
        }
      }
    }
  }
}
