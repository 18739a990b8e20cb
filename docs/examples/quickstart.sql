/*
 * Quickstart: query Kafka with plain SQL.
 *
 * Run it with `bin/kafka-sql --demo`: that starts an embedded broker, fills the topic `clicks`
 * (3 partitions) with 300 sample click events, and runs this file, printing the `--` comments
 * between statements as it goes. `-- @produce <topic> <n>` lines produce n more sample events
 * before the next statement (the demo runner's only directive). ${bootstrap} is the broker's
 * address; against your own cluster: bin/kafka-sql --bootstrap-servers host:9092 -f FILE.
 */

-- read_kafka returns one row per record: key, value, topic, partition, offset, timestamp, timestampType.
SELECT partition, count(*) AS events, min(offset) AS first_offset, max(offset) AS last_offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks')
GROUP BY partition
ORDER BY partition;

-- Keys and values are binary: cast them (or decode them with keyFormat / valueFormat, below).
SELECT CAST(key AS STRING) AS user_id, partition, offset, timestamp, CAST(value AS STRING) AS value
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks')
ORDER BY timestamp
LIMIT 5;

-- The most visited pages. valueFormat => 'json' decodes each value into a struct of the declared
-- fields (without valueSchema, the schema is inferred from the newest records); a value that is
-- not JSON fails the query, naming its partition and offset.
SELECT value.page, count(*) AS views, count(DISTINCT value.user_id) AS users
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks',
                valueFormat => 'json',
                valueSchema => 'user_id STRING, page STRING, action STRING, ts TIMESTAMP')
GROUP BY value.page
ORDER BY views DESC, value.page
LIMIT 5;

-- Keep a snapshot in a Delta table (OR REPLACE: rerunnable with --warehouse).
-- Options with dots go in backticks.
CREATE OR REPLACE TABLE clicks_snapshot USING delta AS
SELECT event.*, partition, offset
FROM (
  SELECT from_json(CAST(value AS STRING),
                   'user_id STRING, page STRING, action STRING, ts TIMESTAMP') AS event,
         partition, offset
  FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks',
                  `kafka.client.id` => 'kafka-sql-quickstart')
);

SELECT action, count(*) AS events, min(ts) AS first_seen, max(ts) AS last_seen
FROM clicks_snapshot
GROUP BY action
ORDER BY events DESC;

-- New events arrive: the topic moves on, the snapshot does not.
-- @produce clicks 100
SELECT 'kafka' AS source, count(*) AS events
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks')
UNION ALL
SELECT 'clicks_snapshot', count(*) FROM clicks_snapshot;

-- A streaming table stays current instead: CREATE loads everything so far (the first refresh)…
DROP TABLE IF EXISTS clicks_live;

CREATE STREAMING TABLE clicks_live (
  CONSTRAINT known_page EXPECT (page IS NOT NULL) ON VIOLATION DROP ROW
) AS
SELECT CAST(key AS STRING) AS user_id, value::string:page AS page,
       value::string:action AS action, to_timestamp(value::string:ts) AS ts, partition, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks',
                       startingOffsets => 'earliest');

-- …and each REFRESH loads exactly what arrived since the last one.
-- @produce clicks 50
REFRESH STREAMING TABLE clicks_live;

SELECT 'kafka' AS source, count(*) AS events
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'clicks')
UNION ALL
SELECT 'clicks_live', count(*) FROM clicks_live;

-- The newest rows came in with the last refresh.
SELECT user_id, page, action, ts, partition, offset
FROM clicks_live
ORDER BY ts DESC
LIMIT 5;
