package io.github.sparkkafkasql.connect;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.FetchErrorDetailsRequest;
import org.apache.spark.connect.proto.FetchErrorDetailsResponse;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.ReleaseSessionRequest;
import org.apache.spark.connect.proto.SQL;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc.SparkConnectServiceBlockingStub;
import org.apache.spark.connect.proto.SqlCommand;
import org.apache.spark.connect.proto.UserContext;
import org.sparkproject.com.google.protobuf.Any;
import org.sparkproject.com.google.protobuf.InvalidProtocolBufferException;
import org.sparkproject.com.google.rpc.ErrorInfo;
import org.sparkproject.io.grpc.ManagedChannel;
import org.sparkproject.io.grpc.ManagedChannelBuilder;
import org.sparkproject.io.grpc.StatusRuntimeException;
import org.sparkproject.io.grpc.protobuf.StatusProto;

/**
 * A Connect session spoken at the protocol level, with the generated stubs of Spark's client jar:
 * what the server sends about a failed statement, before any client turns it into an exception.
 * PySpark builds its exceptions from exactly these fields (the error's class names, condition and
 * SQLSTATE in the status, the message and parameters from FetchErrorDetails).
 */
final class WireSession implements AutoCloseable {

  /** The server's account of one failed statement. */
  record Failure(
      Map<String, String> metadata,
      List<String> types,
      String message,
      String condition,
      String sqlState,
      Map<String, String> parameters) {}

  /** What PySpark 4.2 sends as its client type (its user agent). */
  static final String PYSPARK_CLIENT = "_SPARK_CONNECT_PYTHON spark/4.2.0 os/linux python/3.11.7";

  private final ManagedChannel channel;
  private final SparkConnectServiceBlockingStub stub;
  private final String sessionId = UUID.randomUUID().toString();
  private final UserContext user = UserContext.newBuilder().setUserId("wire-test").build();

  WireSession(String url) {
    URI uri = URI.create(url);
    channel = ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext().build();
    stub = SparkConnectServiceGrpc.newBlockingStub(channel);
  }

  /** Runs a statement that must succeed, such as {@code SET}. */
  void run(String sql) {
    stub.executePlan(request(sql)).forEachRemaining(response -> {});
  }

  /** Runs a statement that must fail, and fetches what the server says about the failure. */
  Failure failure(String sql) {
    try {
      run(sql);
    } catch (StatusRuntimeException e) {
      ErrorInfo info = errorInfo(e);
      FetchErrorDetailsResponse details =
          stub.fetchErrorDetails(
              FetchErrorDetailsRequest.newBuilder()
                  .setSessionId(sessionId)
                  .setUserContext(user)
                  .setErrorId(info.getMetadataOrThrow("errorId"))
                  .setClientType(PYSPARK_CLIENT)
                  .build());
      FetchErrorDetailsResponse.Error root = details.getErrors(details.getRootErrorIdx());
      return new Failure(
          info.getMetadataMap(),
          root.getErrorTypeHierarchyList(),
          root.getMessage(),
          root.getSparkThrowable().getErrorClass(),
          root.getSparkThrowable().getSqlState(),
          root.getSparkThrowable().getMessageParametersMap());
    }
    throw new AssertionError("Expected a failure from: " + sql);
  }

  private ExecutePlanRequest request(String sql) {
    // As PySpark's spark.sql(...) sends it: a SQL command whose input is the query text.
    Relation query = Relation.newBuilder().setSql(SQL.newBuilder().setQuery(sql)).build();
    return ExecutePlanRequest.newBuilder()
        .setSessionId(sessionId)
        .setUserContext(user)
        .setPlan(
            Plan.newBuilder()
                .setCommand(
                    Command.newBuilder().setSqlCommand(SqlCommand.newBuilder().setInput(query))))
        .build();
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException bad) {
          throw new AssertionError("Unreadable ErrorInfo", bad);
        }
      }
    }
    throw new AssertionError("The status carries no ErrorInfo: " + e);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      stub.releaseSession(
          ReleaseSessionRequest.newBuilder().setSessionId(sessionId).setUserContext(user).build());
    } finally {
      channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
