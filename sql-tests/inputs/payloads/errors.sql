-- Option errors of keyFormat / valueFormat, found when the query is analyzed.
--TOPIC payload_errors PARTITIONS 1
--TOPIC payload_errors_b PARTITIONS 1

-- json without a declared schema infers it from the newest records: an empty topic has none.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'json');

-- avro needs a registry or an inline schema.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro');

-- A schema does not apply to binary or string payloads.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  keySchema => 'id INT');

-- A DDL schema that does not parse.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'json', valueSchema => 'id BIGINTT');

-- An Avro schema that does not parse.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', valueSchema => '{"type":"recrd"}');

-- Unknown format (Protobuf is not supported).
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'protobuf');

-- A registry address that is not an http(s) URL.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'registry:8081');

-- A registry with no avro column.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'json', valueSchema => 'id INT', schemaRegistryAddress => 'http://127.0.0.1:1');

-- A subject without a registry.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', valueSchema => '"long"', valueSubject => 'orders-value');

-- An inline schema and a registry together.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', valueSchema => '"long"', schemaRegistryAddress => 'http://127.0.0.1:1');

-- A registry that does not answer (connection refused).
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'http://127.0.0.1:1/apis/ccompat/v7');

-- Several topics need a subject.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors,payload_errors_b',
  valueFormat => 'avro', schemaRegistryAddress => 'http://127.0.0.1:1');

-- rescuedDataColumn needs a json column.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'string', rescuedDataColumn => '_rescued_data');

-- A STREAM read outside a streaming table does not infer a JSON schema.
--SET spark.kafkaSql.allowStreamingReads=true
SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'json');
