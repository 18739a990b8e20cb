package io.github.sparkkafkasql.pushdown;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.TableScan;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Kafka relation over narrowed offsets, named so that EXPLAIN shows what was pushed into
 * it. Reading is Spark's: every call goes to the relation it wraps.
 */
final class NarrowedKafkaRelation extends BaseRelation implements TableScan {

  private final BaseRelation kafka;
  private final String pushed;

  NarrowedKafkaRelation(BaseRelation kafka, String pushed) {
    this.kafka = kafka;
    this.pushed = pushed;
  }

  @Override
  public SQLContext sqlContext() {
    return kafka.sqlContext();
  }

  @Override
  public StructType schema() {
    return kafka.schema();
  }

  @Override
  public long sizeInBytes() {
    return kafka.sizeInBytes();
  }

  @Override
  public boolean needConversion() {
    return kafka.needConversion();
  }

  @Override
  public RDD<Row> buildScan() {
    return ((TableScan) kafka).buildScan();
  }

  @Override
  public String toString() {
    return "read_kafka(pushed: " + pushed + ") " + kafka;
  }
}
