-- Avro through a real Schema Registry: a record that does not decode names its topic, partition,
-- offset and the schema id of its header. Registered ids show as <subject vN>.
--TOPIC registry_bad PARTITIONS 1
--REGISTER registry_bad-value {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"int"}]}
--PRODUCE_AVRO registry_bad registry_bad-value {"id":1,"amount":10}
--PRODUCE registry_bad {"value":"not avro"}
--PRODUCE registry_bad {"value":"\u0000\u0000\u007f\u007f\u007f\u0002\u0014"}
--PRODUCE_AVRO_TRUNCATED registry_bad registry_bad-value {"id":2,"amount":20}
--PRODUCE_AVRO registry_bad registry_bad-value {"id":3,"amount":30}

-- A wrong magic byte (offset 1: text, not Confluent's wire format). Filters on offset apply before
-- decoding, so each query reads one record.
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_bad',
  valueFormat => 'avro', schemaRegistryAddress => '${registry}')
WHERE offset = 1;

-- An unknown schema id (offset 2: id 8355711, which the registry never gave).
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_bad',
  valueFormat => 'avro', schemaRegistryAddress => '${registry}')
WHERE offset = 2;

-- Truncated Avro (offset 3: the body ends before its last field).
SELECT value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_bad',
  valueFormat => 'avro', schemaRegistryAddress => '${registry}')
WHERE offset = 3;

-- onDecodeError => 'null': every record, the ones that do not decode with NULL and the error.
SELECT offset, value, _decode_error
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_bad',
  valueFormat => 'avro', schemaRegistryAddress => '${registry}', onDecodeError => 'null')
ORDER BY offset;

-- A streaming table: the records that do not decode, and the rows an expectation sends there, go
-- to the dead-letter table registry_bad_orders_quarantine.
CREATE STREAMING TABLE registry_bad_orders (
  CONSTRAINT small_amount EXPECT (amount < 30) ON VIOLATION QUARANTINE
) AS
SELECT value.id, value.amount, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_bad',
  startingOffsets => 'earliest', valueFormat => 'avro', schemaRegistryAddress => '${registry}',
  onDecodeError => 'quarantine');

SELECT * FROM registry_bad_orders ORDER BY offset;

SELECT topic, partition, offset, length(value) AS value_bytes, error_condition, error_message,
  expectation, row
FROM registry_bad_orders_quarantine ORDER BY offset, row;

-- The next refresh adds what arrived since: one more record that does not decode, one row the
-- expectation quarantines, one that passes.
--PRODUCE registry_bad {"value":"\u0001"}
--PRODUCE_AVRO registry_bad registry_bad-value {"id":4,"amount":40}
--PRODUCE_AVRO registry_bad registry_bad-value {"id":5,"amount":5}

REFRESH STREAMING TABLE registry_bad_orders;

SELECT * FROM registry_bad_orders ORDER BY offset;

SELECT offset, error_condition, expectation, row
FROM registry_bad_orders_quarantine ORDER BY offset, row;
