-- Every read_kafka option with a valid value.
--TOPIC opt_a PARTITIONS 2
--TOPIC opt_b PARTITIONS 1
--PRODUCE opt_a {"partition":0,"key":"a0","value":"a-0-0","timestamp":1700000000000,"headers":{"h1":"x","h2":"y"}}
--PRODUCE opt_a {"partition":0,"key":"a1","value":"a-0-1","timestamp":1700000010000}
--PRODUCE opt_a {"partition":0,"key":"a2","value":"a-0-2","timestamp":1700000020000}
--PRODUCE opt_a {"partition":1,"key":"a3","value":"a-1-0","timestamp":1700000000000}
--PRODUCE opt_a {"partition":1,"key":"a4","value":"a-1-1","timestamp":1700000030000}
--PRODUCE opt_b {"partition":0,"key":"b0","value":"b-0-0","timestamp":1700000005000}

-- subscribe: several topics, comma-separated.
SELECT topic, count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a, opt_b')
GROUP BY topic ORDER BY topic;

-- subscribePattern: a Java regex over topic names.
SELECT topic, count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribePattern => 'opt_[ab]')
GROUP BY topic ORDER BY topic;

-- assign: specific partitions.
SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', assign => '{"opt_a":[1]}')
ORDER BY offset;

-- startingOffsets / endingOffsets as JSON (-2 = earliest, -1 = latest); the end is exclusive.
SELECT CAST(value AS STRING) FROM read_kafka(
  bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingOffsets => '{"opt_a":{"0":1,"1":-2}}', endingOffsets => '{"opt_a":{"0":2,"1":-1}}')
ORDER BY partition, offset;

-- startingOffsets / endingOffsets as keywords.
SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingOffsets => 'earliest', endingOffsets => 'latest');

-- startingTimestamp / endingTimestamp in epoch ms, or as a TIMESTAMP expression folded at analysis.
SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingTimestamp => 1700000010000, endingTimestamp => 1700000030000)
ORDER BY partition, offset;

SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingTimestamp => TIMESTAMP '2023-11-14 22:13:30' , endingTimestamp => '1700000030000')
ORDER BY partition, offset;

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingTimestamp => unix_millis(TIMESTAMP '2023-11-14 22:13:20') + 10000);

-- startingOffsetsByTimestamp / endingOffsetsByTimestamp per partition.
SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingOffsetsByTimestamp => '{"opt_a":{"0":1700000010000,"1":1700000000000}}',
  endingOffsetsByTimestamp => '{"opt_a":{"0":1700000020000,"1":1700000030000}}')
ORDER BY partition, offset;

-- startingOffsetsByTimestampStrategy => 'latest': partitions without a later record start at the end.
SELECT CAST(value AS STRING) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  startingTimestamp => 1700000025000, startingOffsetsByTimestampStrategy => 'latest')
ORDER BY partition, offset;

-- includeHeaders adds a headers column.
SELECT CAST(value AS STRING), transform(headers, h -> concat(h.key, '=', CAST(h.value AS STRING))) AS headers
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a', includeHeaders => true)
ORDER BY partition, offset;

DESCRIBE QUERY SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a', includeHeaders => 'TRUE');

-- Tuning options change how the read is split or retried, never its result.
SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a', minPartitions => 4);

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a', minPartitions => '3',
  maxRecordsPerPartition => 1);

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'opt_a',
  failOnDataLoss => false, groupIdPrefix => 'golden', `fetchOffset.numRetries` => 5,
  `fetchOffset.retryIntervalMs` => 20, `kafkaConsumer.pollTimeoutMs` => 60000);

-- kafka.* options go to the Kafka consumer; values are constant expressions.
SELECT count(*) FROM read_kafka(bootstrapServers => concat('${bootstrap}', ''), subscribe => 'opt_a',
  `kafka.client.id` => concat('golden-', 'client'), `kafka.group.id` => 'golden-group',
  `kafka.fetch.max.wait.ms` => 100, `kafka.max.poll.records` => 2);
