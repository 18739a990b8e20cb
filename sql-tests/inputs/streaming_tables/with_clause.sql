-- A definition written with WITH: STREAM read_kafka and expr:path work inside its bodies too.
--TOPIC st_cte PARTITIONS 1
--PRODUCE st_cte {"partition":0,"key":"a","value":{"id":1,"item":"apple"},"timestamp":1700000000000}
--PRODUCE st_cte {"partition":0,"key":"b","value":{"id":2,"item":"pear"},"timestamp":1700000001000}

CREATE STREAMING TABLE cte_items AS
WITH raw AS (
  SELECT CAST(value AS STRING):id::INT AS id, CAST(value AS STRING):item AS item, offset
  FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_cte', startingOffsets => 'earliest')
),
named AS (SELECT id, upper(item) AS item FROM raw)
SELECT id, item FROM named WHERE id > 0;

SELECT * FROM cte_items ORDER BY id;

--PRODUCE st_cte {"partition":0,"key":"c","value":{"id":3,"item":"fig"},"timestamp":1700000002000}

REFRESH STREAMING TABLE cte_items;

SELECT * FROM cte_items ORDER BY id;

DROP TABLE cte_items;
