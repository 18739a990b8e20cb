-- A streaming table infers a JSON schema once, when it is created, and stores it: refreshes decode
-- with the stored schema, and what it lacks goes to _rescued_data instead of vanishing.
--TOPIC stored_json PARTITIONS 1
--PRODUCE stored_json {"key":"o-1","value":{"id":1,"item":"apple"},"timestamp":1700000000000}
--PRODUCE stored_json {"key":"o-2","value":{"id":2,"item":"pear"},"timestamp":1700000001000}

CREATE STREAMING TABLE stored_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'stored_json',
                       startingOffsets => 'earliest', valueFormat => 'json');

DESCRIBE TABLE stored_orders;

DESCRIBE STREAMING TABLE stored_orders;

-- Not inferred again: the new field qty is rescued.
--PRODUCE stored_json {"key":"o-3","value":{"id":3,"item":"fig","qty":5},"timestamp":1700000002000}

REFRESH STREAMING TABLE stored_orders;

SELECT * FROM stored_orders ORDER BY offset;

-- CREATE OR REFRESH infers again and grows the table: qty is added, older rows keep NULL (the
-- record at offset 2 keeps it in _rescued_data), and the refresh goes on from the table's
-- positions: no record is read twice or skipped.
--PRODUCE stored_json {"key":"o-4","value":{"id":4,"item":"kiwi","qty":7},"timestamp":1700000003000}

CREATE OR REFRESH STREAMING TABLE stored_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'stored_json',
                       startingOffsets => 'earliest', valueFormat => 'json');

DESCRIBE TABLE stored_orders;

SELECT * FROM stored_orders ORDER BY offset;

-- A value that does not convert to the stored type is rescued too.
--PRODUCE stored_json {"key":"o-5","value":{"id":"five","item":"plum","qty":1},"timestamp":1700000004000}

REFRESH STREAMING TABLE stored_orders;

SELECT id, item, qty, _rescued_data, offset FROM stored_orders WHERE offset = 4;

-- Inferred again, id would now be a STRING: a stored schema only grows, so this is refused and
-- the table stays as it is.
CREATE OR REFRESH STREAMING TABLE stored_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'stored_json',
                       startingOffsets => 'earliest', valueFormat => 'json');

-- The fix the error names: declare the schema with the stored types.
CREATE OR REFRESH STREAMING TABLE stored_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'stored_json',
                       startingOffsets => 'earliest', valueFormat => 'json',
                       valueSchema => 'id BIGINT, item STRING, qty BIGINT');

SELECT count(*), count(DISTINCT offset), min(offset), max(offset) FROM stored_orders;

-- A batch read rescues when asked, with rescuedDataColumn.
SELECT value.*, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'stored_json',
                valueFormat => 'json', valueSchema => 'id BIGINT, item STRING',
                rescuedDataColumn => 'extra')
ORDER BY offset;
