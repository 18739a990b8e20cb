-- Filters and LIMIT over a batch read_kafka become the offsets Spark's Kafka source reads.
-- Each query runs with pushdown off, then on: the rows are the same; EXPLAIN shows what was pushed.
-- The readings' CreateTimes are out of order within each partition (late arrivals).
--TOPIC readings PARTITIONS 2
--PRODUCE readings FROM data/readings.jsonl

SELECT partition, offset, timestamp, CAST(key AS STRING) AS key
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
ORDER BY partition, offset;

SET spark.kafkaSql.pushdown.enabled = false;

-- A lower bound on timestamp: each partition starts at its first record that recent.
SELECT partition, offset, timestamp
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp >= TIMESTAMP '2023-11-14 22:21:20'
ORDER BY partition, offset;

SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition = 1 AND offset BETWEEN 2 AND 4
ORDER BY offset;

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp > TIMESTAMP '2023-11-14 22:19:20' AND timestamp < TIMESTAMP '2023-11-14 22:24:20';

SELECT count(*) FROM (
  SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings') LIMIT 3);

EXPLAIN SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition = 1 AND offset BETWEEN 2 AND 4;

SET spark.kafkaSql.pushdown.enabled = true;

SELECT partition, offset, timestamp
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp >= TIMESTAMP '2023-11-14 22:21:20'
ORDER BY partition, offset;

SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition = 1 AND offset BETWEEN 2 AND 4
ORDER BY offset;

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp > TIMESTAMP '2023-11-14 22:19:20' AND timestamp < TIMESTAMP '2023-11-14 22:24:20';

SELECT count(*) FROM (
  SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings') LIMIT 3);

EXPLAIN SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition = 1 AND offset BETWEEN 2 AND 4;

-- Only the lower bound on timestamp is pushed: a later offset may hold an earlier time.
EXPLAIN SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp >= TIMESTAMP '2023-11-14 22:21:20' AND timestamp < TIMESTAMP '2023-11-14 22:24:20';

-- LIMIT reads the partitions it needs, in order, up to its n-th record.
EXPLAIN SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings') LIMIT 2;

-- No partition can match: nothing is read.
EXPLAIN SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition > 5;
