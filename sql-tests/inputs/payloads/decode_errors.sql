-- Records that do not decode: by default the query fails naming the record; onDecodeError => 'null'
-- gives NULL and the error in _decode_error; a streaming table quarantines them.
--TOPIC decode_errors PARTITIONS 1
--PRODUCE decode_errors FROM data/decode_errors.jsonl
--TOPIC decode_errors_avro PARTITIONS 1
--PRODUCE decode_errors_avro FROM data/decode_errors_avro.jsonl

-- Not JSON at all (offset 1). Filters on offset apply before decoding, so each query reads one record.
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  valueFormat => 'json', valueSchema => 'id INT, item STRING')
WHERE offset = 1;

-- A field that does not convert to its declared type (offset 2: "two" for INT).
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  valueFormat => 'json', valueSchema => 'id INT, item STRING')
WHERE offset = 2;

-- JSON of the wrong shape (offset 3: an array, not an object).
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  valueFormat => 'json', valueSchema => 'id INT, item STRING')
WHERE offset = 3;

-- Truncated Avro (offset 1: the record ends before its second field).
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors_avro',
  valueFormat => 'avro',
  valueSchema => '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"int"}]}')
WHERE offset = 1;

-- The same records with onDecodeError => 'null': NULL, and the error in _decode_error.
SELECT offset, value, _decode_error
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  valueFormat => 'json', valueSchema => 'id INT, item STRING', onDecodeError => 'null')
ORDER BY offset;

SELECT offset, value, _decode_error
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors_avro',
  valueFormat => 'avro', onDecodeError => 'null',
  valueSchema => '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"int"}]}')
ORDER BY offset;

-- The records that do not decode, with the key still decoded.
SELECT key, offset FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  keyFormat => 'string', valueFormat => 'json', valueSchema => 'id INT, item STRING',
  onDecodeError => 'null')
WHERE _decode_error IS NOT NULL
ORDER BY offset;

DESCRIBE QUERY SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  valueFormat => 'json', valueSchema => 'id INT, item STRING', onDecodeError => 'null');

-- A streaming table: the good rows in the table, the others in decoded_quarantine.
-- Offset 2 ("two" for INT) is no decode error there: its id is NULL and the value is rescued.
CREATE STREAMING TABLE decoded AS
SELECT value.id, value.item, value._rescued_data, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_errors',
  startingOffsets => 'earliest', keyFormat => 'string',
  valueFormat => 'json', valueSchema => 'id INT, item STRING', onDecodeError => 'quarantine');

SELECT * FROM decoded ORDER BY offset;

SELECT topic, partition, offset, timestamp, CAST(key AS STRING) AS key, CAST(value AS STRING) AS value,
  error_condition, expectation, row
FROM decoded_quarantine ORDER BY offset;

DROP TABLE decoded;

SHOW TABLES LIKE 'decoded*';
