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

-- Registry credentials and TLS stores. Secrets are named here, resolved from session confs.
--SET spark.kafkaSql.secret.reg_token=t0ken-not-shown,spark.kafkaSql.secret.reg_user=reader:pa55-not-shown,spark.kafkaSql.secret.reg_store=st0re-not-shown

-- A bearer token and basic auth together: the registry gets one or the other.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'https://127.0.0.1:1',
  schemaRegistryBearerToken => secret('reg_token'), schemaRegistryAuth => secret('reg_user'));

-- A bearer token written out in a streaming table's definition, which is stored with the table.
CREATE STREAMING TABLE payload_clear_token AS SELECT value FROM STREAM read_kafka(
  bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'https://127.0.0.1:1',
  schemaRegistryBearerToken => 'eyJhbGciOiJub25lIn0.e30.');

-- A keystore password without its keystore.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'https://127.0.0.1:1',
  schemaRegistryKeystorePassword => secret('reg_store'));

-- A truststore that is not there.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'https://127.0.0.1:1',
  schemaRegistryTruststoreLocation => '/no/such/truststore.p12',
  schemaRegistryTruststorePassword => secret('reg_store'));

-- A store password in clear text in a streaming table's definition.
CREATE STREAMING TABLE payload_clear_store AS SELECT value FROM STREAM read_kafka(
  bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'avro', schemaRegistryAddress => 'https://127.0.0.1:1',
  schemaRegistryTruststoreLocation => '/no/such/truststore.p12',
  schemaRegistryTruststorePassword => 'st0re-not-shown');

-- A STREAM read outside a streaming table does not infer a JSON schema.
--SET spark.kafkaSql.allowStreamingReads=true
SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_errors',
  valueFormat => 'json');
