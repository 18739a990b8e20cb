-- A streaming table that starts an hour back: the starting options are folded when the first
-- refresh analyzes the definition; later refreshes continue from the checkpoint, whatever the
-- records' timestamps.
--TOPIC st_recent PARTITIONS 1
--PRODUCE st_recent {"key":"old","value":"written in 2023","timestamp":1700000000000}
--PRODUCE st_recent {"key":"new","value":"written just now"}

CREATE STREAMING TABLE recent AS
SELECT CAST(key AS STRING) AS key, CAST(value AS STRING) AS value, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_recent',
                       startingTimestamp => unix_millis(current_timestamp() - INTERVAL 1 HOUR));

SELECT * FROM recent ORDER BY offset;

-- A record with an old CreateTime written after the first refresh is loaded by the next one.
--PRODUCE st_recent {"key":"late","value":"stamped 2023, written after the first refresh","timestamp":1700000002000}

REFRESH STREAMING TABLE recent;

SELECT * FROM recent ORDER BY offset;

-- FULL starts again from the definition: at the first record of the hour before this refresh,
-- and reads every record after it in the partition, whatever its timestamp.
REFRESH STREAMING TABLE recent FULL;

SELECT * FROM recent ORDER BY offset;
