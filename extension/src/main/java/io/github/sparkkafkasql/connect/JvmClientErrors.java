package io.github.sparkkafkasql.connect;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.SparkThrowableHelper;
import org.apache.spark.connect.proto.FetchErrorDetailsRequest;
import org.apache.spark.connect.proto.FetchErrorDetailsResponse;
import org.sparkproject.connect.grpc.ForwardingServerCall;
import org.sparkproject.connect.grpc.ForwardingServerCallListener;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;

/**
 * A Spark Connect server interceptor that lets Spark's JVM client show this extension's errors, and
 * Delta's, with their condition, parameters and message.
 *
 * <p>Spark 4.2's JVM client rebuilds an {@code AnalysisException} from the condition and its
 * parameters, looking the message up in its own copy of Spark's error conditions. A condition Spark
 * does not define ({@code KAFKA_SQL_*}, {@code DELTA_*}) is not there, so the client throws {@code
 * INTERNAL_ERROR} instead and the message is lost. The client builds a {@code SparkException} from
 * the server's message instead of looking it up, so for such errors this interceptor names that as
 * the error's type. It does so only in answers to the JVM client, whose user agent always ends in
 * {@code jvm/<version>}. PySpark, which reads the message that the server sends, gets every error
 * unchanged.
 *
 * <p>Enable it on the Connect server with {@code
 * spark.connect.grpc.interceptor.classes=io.github.sparkkafkasql.connect.JvmClientErrors}; {@code
 * bin/kafka-sql --serve} does.
 */
public final class JvmClientErrors implements ServerInterceptor {

  private static final Pattern JVM_CLIENT = Pattern.compile("(^|\\s)jvm/");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().getFullMethodName().endsWith("/FetchErrorDetails")) {
      return next.startCall(call, headers);
    }
    // The request, and so the client's type, arrives before the answer is sent.
    AtomicBoolean jvmClient = new AtomicBoolean();
    ServerCall<Q, R> answer =
        new ForwardingServerCall.SimpleForwardingServerCall<Q, R>(call) {
          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(R message) {
            if (jvmClient.get() && message instanceof FetchErrorDetailsResponse response) {
              super.sendMessage((R) forJvmClient(response));
            } else {
              super.sendMessage(message);
            }
          }
        };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(
        next.startCall(answer, headers)) {
      @Override
      public void onMessage(Q message) {
        if (message instanceof FetchErrorDetailsRequest request) {
          jvmClient.set(JVM_CLIENT.matcher(request.getClientType()).find());
        }
        super.onMessage(message);
      }
    };
  }

  /** The errors whose condition Spark does not define, typed as SparkException. */
  static FetchErrorDetailsResponse forJvmClient(FetchErrorDetailsResponse response) {
    FetchErrorDetailsResponse.Builder fixed = response.toBuilder();
    for (int i = 0; i < fixed.getErrorsCount(); i++) {
      FetchErrorDetailsResponse.Error error = fixed.getErrors(i);
      if (error.hasSparkThrowable()
          && error.getSparkThrowable().hasErrorClass()
          && !SparkThrowableHelper.isValidErrorClass(error.getSparkThrowable().getErrorClass())) {
        fixed.setErrors(
            i,
            error.toBuilder()
                .clearErrorTypeHierarchy()
                .addErrorTypeHierarchy(SparkException.class.getName()));
      }
    }
    return fixed.build();
  }
}
