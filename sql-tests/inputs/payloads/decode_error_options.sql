-- Option errors of onDecodeError and quarantineTable.
--TOPIC decode_options PARTITIONS 1

-- 'null' loses records in a streaming table: refused.
CREATE STREAMING TABLE decode_null AS SELECT value FROM STREAM read_kafka(bootstrapServers => '${bootstrap}',
  subscribe => 'decode_options', valueFormat => 'json', valueSchema => 'id INT', onDecodeError => 'null');

-- 'quarantine' needs a table to put the records in.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_options',
  valueFormat => 'json', valueSchema => 'id INT', onDecodeError => 'quarantine');

-- Not a mode.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_options',
  valueFormat => 'json', valueSchema => 'id INT', onDecodeError => 'skip');

-- Nothing to decode.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_options',
  onDecodeError => 'null');

-- quarantineTable without quarantine.
CREATE STREAMING TABLE decode_named AS SELECT value FROM STREAM read_kafka(bootstrapServers => '${bootstrap}',
  subscribe => 'decode_options', valueFormat => 'json', valueSchema => 'id INT', quarantineTable => 'rejects');

-- quarantineTable in a batch read.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_options',
  valueFormat => 'json', valueSchema => 'id INT', quarantineTable => 'rejects');

-- quarantineTable with a schema.
CREATE STREAMING TABLE decode_named AS SELECT value FROM STREAM read_kafka(bootstrapServers => '${bootstrap}',
  subscribe => 'decode_options', valueFormat => 'json', valueSchema => 'id INT',
  onDecodeError => 'quarantine', quarantineTable => 'other.rejects');

-- A query that a record that does not decode cannot pass.
CREATE STREAMING TABLE decode_distinct AS SELECT DISTINCT value.id FROM STREAM read_kafka(bootstrapServers => '${bootstrap}',
  subscribe => 'decode_options', valueFormat => 'json', valueSchema => 'id INT', onDecodeError => 'quarantine');

-- ON VIOLATION takes DROP ROW, FAIL UPDATE or QUARANTINE.
CREATE STREAMING TABLE decode_expect (CONSTRAINT c EXPECT (id > 0) ON VIOLATION SKIP) AS
SELECT value.id FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'decode_options',
  valueFormat => 'json', valueSchema => 'id INT');

SHOW TABLES LIKE 'decode*';
