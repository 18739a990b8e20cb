-- Filters and LIMIT over a batch read_kafka become the offsets Spark's Kafka source reads.
-- The rows are the same: this file runs with pushdown on and off, both against this golden file.
-- The readings' CreateTimes are out of order within each partition (late arrivals).
--CONFIG_DIM1 spark.kafkaSql.pushdown.enabled=true
--CONFIG_DIM1 spark.kafkaSql.pushdown.enabled=false
--TOPIC readings PARTITIONS 2
--PRODUCE readings FROM data/readings.jsonl

SELECT partition, offset, timestamp, CAST(key AS STRING) AS key
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
ORDER BY partition, offset;

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

-- A limit across partitions: two records of the first, one of the second.
SELECT count(*) FROM (
  SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
  WHERE offset >= 4 LIMIT 3);

-- No partition can match.
SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition > 5;

-- Bounds below zero: Kafka reads -1 as the latest offset or time, -2 as the earliest.
SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE offset < -1;

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE timestamp >= timestamp_millis(-1);

-- EXPLAIN shows what was pushed, so it differs with pushdown on and off: from here on, each run
-- sets pushdown itself.
--SET spark.kafkaSql.pushdown.enabled=false
EXPLAIN SELECT partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings')
WHERE partition = 1 AND offset BETWEEN 2 AND 4;

--SET spark.kafkaSql.pushdown.enabled=true
-- Reads this small are served on the driver (see the last query): here Spark's source reads them.
--SET spark.kafkaSql.pushdown.localReadMaxRecords=0
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

-- By default a read pushdown has bounded to a few records runs on the driver, without a Spark job.
--SET spark.kafkaSql.pushdown.localReadMaxRecords=5000
EXPLAIN SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'readings') LIMIT 2;
