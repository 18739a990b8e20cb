-- Option values may use the current time: current_timestamp(), now(), current_date() and the like
-- are folded once per read_kafka call, when the query is analyzed, as Spark folds them per query.
--TOPIC now_events PARTITIONS 1
--PRODUCE now_events {"key":"old-1","value":"written in 2023","timestamp":1700000000000}
--PRODUCE now_events {"key":"old-2","value":"written in 2023","timestamp":1700000001000}
--PRODUCE now_events {"key":"new-1","value":"written just now"}
--PRODUCE now_events {"key":"new-2","value":"written just now"}

-- The records of the last 4 hours: only the two just written.
SELECT CAST(key AS STRING) AS key, CAST(value AS STRING) AS value
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                startingTimestamp => unix_millis(current_timestamp() - INTERVAL 4 hours))
ORDER BY offset;

-- The same with now(), a TIMESTAMP rather than epoch milliseconds, and an ending bound.
SELECT CAST(key AS STRING) AS key
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                startingTimestamp => now() - INTERVAL 1 DAY,
                endingTimestamp => now() + INTERVAL 1 DAY)
ORDER BY offset;

-- Since the start of yesterday (a DATE is read in the session time zone).
SELECT count(*)
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                startingTimestamp => date_sub(current_date(), 1));

-- Everything up to 30 days ago: the 2023 records.
SELECT CAST(key AS STRING) AS key
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                endingTimestamp => localtimestamp() - INTERVAL 30 DAYS)
ORDER BY offset;

-- Still refused: values that differ from row to row or from call to call.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                         startingTimestamp => unix_millis(current_timestamp()) - CAST(rand() * 1000 AS BIGINT));

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events',
                         `kafka.client.id` => uuid());

SELECT * FROM (SELECT 1700000000000 AS since) t,
  LATERAL read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'now_events', startingTimestamp => since);
