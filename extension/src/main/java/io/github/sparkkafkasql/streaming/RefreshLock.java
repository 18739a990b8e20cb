package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.SparkThrowable;

/**
 * Makes refreshes of one table exclusive: a second REFRESH fails at once with "refresh in progress"
 * instead of racing the first.
 *
 * <p>Within a JVM a set of held locations decides (Spark would otherwise stop the running query
 * when a second one starts on the same checkpoint). On a local file system an OS file lock also
 * covers other processes and is released by the OS if the holder dies, so a crashed refresh never
 * blocks the next. On distributed file systems Spark's own checkpoint log still refuses a second
 * writer of the same batch, and Delta's idempotent sink never writes a batch twice.
 */
public final class RefreshLock implements AutoCloseable {

  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock fileLock;

  private RefreshLock(String key, FileChannel channel, FileLock fileLock) {
    this.key = key;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Takes the lock of a table's state location, or fails naming the table. */
  public static RefreshLock acquire(String stateLocation, String tableName) {
    String key = stateLocation.replaceAll("/+$", "");
    if (!HELD.add(key)) {
      throw StreamingTableErrors.refreshInProgress(tableName);
    }
    Path local = localPath(key);
    if (local == null) {
      return new RefreshLock(key, null, null);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(local);
      channel =
          FileChannel.open(
              local.resolve("refresh.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw StreamingTableErrors.refreshInProgress(tableName);
      }
      return new RefreshLock(key, channel, lock);
    } catch (IOException e) {
      HELD.remove(key);
      closeQuietly(channel);
      throw new UncheckedIOException("Could not lock " + local, e);
    } catch (OverlappingFileLockException e) {
      HELD.remove(key);
      closeQuietly(channel);
      throw StreamingTableErrors.refreshInProgress(tableName);
    } catch (Exception e) {
      // Also this extension's errors (refresh in progress: another process holds the file lock),
      // AnalysisExceptions thrown unchecked: a key left in HELD would refuse every later refresh.
      HELD.remove(key);
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Takes the lock, waiting up to {@code wait} for a running refresh to finish, or fails naming the
   * table.
   */
  public static RefreshLock acquire(String stateLocation, String tableName, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return acquire(stateLocation, tableName);
      } catch (Exception e) {
        boolean busy =
            e instanceof SparkThrowable st
                && "KAFKA_SQL_REFRESH_IN_PROGRESS".equals(st.getCondition());
        if (!busy || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private static Path localPath(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() == null) {
      return Paths.get(location);
    }
    return uri.getScheme().equals("file") ? Paths.get(uri) : null;
  }

  @Override
  public void close() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
    } catch (IOException e) {
      // Closing the channel below releases it anyway.
    } finally {
      closeQuietly(channel);
      HELD.remove(key);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }
}
