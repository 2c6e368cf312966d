package io.thanosj.storeapi.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a service answer request bytes that do not parse with INVALID_ARGUMENT.
 *
 * <p>grpc-java parses a request before any application code runs and turns a parse failure into
 * UNKNOWN "Application error processing RPC", which hides the cause and tells a client to retry
 * something that can never succeed. Here each method receives the raw bytes and parses them in its
 * own listener, where a failure can be answered precisely.
 */
public final class MalformedRequestGuard {

  private MalformedRequestGuard() {}

  public static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    // Keep the schema descriptor so that server reflection still describes the service.
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<InputStream, ?> wrapped = wrapMethod(method);
      methods.add(wrapped);
      descriptor.addMethod(wrapped.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<InputStream, ?> m : methods) {
      b.addMethod(m);
    }
    return b.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> wrapMethod(ServerMethodDefinition<Q, R> definition) {
    MethodDescriptor<Q, R> original = definition.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw = original.toBuilder(RawBytes.INSTANCE, original.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
    return ServerMethodDefinition.create(raw, (call, headers) -> startCall(original, handler, call, headers));
  }

  private static <Q, R> ServerCall.Listener<InputStream> startCall(
      MethodDescriptor<Q, R> original, ServerCallHandler<Q, R> handler, ServerCall<InputStream, R> call, Metadata headers) {
    ServerCall<Q, R> typed =
        new ForwardingServerCall.SimpleForwardingServerCall<>(castCall(call)) {
          @Override
          public MethodDescriptor<Q, R> getMethodDescriptor() {
            return original;
          }
        };
    ServerCall.Listener<Q> delegate = handler.startCall(typed, headers);
    return new ServerCall.Listener<>() {
      private boolean rejected;

      @Override
      public void onMessage(InputStream message) {
        if (rejected) {
          return;
        }
        Q request;
        try {
          request = original.parseRequest(message);
        } catch (StatusRuntimeException | IllegalArgumentException e) {
          rejected = true;
          Throwable cause = e.getCause() == null ? e : e.getCause();
          call.close(
              Status.INVALID_ARGUMENT.withDescription(
                  "malformed " + original.getFullMethodName() + " request: " + cause.getMessage()),
              new Metadata());
          return;
        }
        delegate.onMessage(request);
      }

      @Override
      public void onHalfClose() {
        if (!rejected) {
          delegate.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        delegate.onCancel();
      }

      @Override
      public void onComplete() {
        delegate.onComplete();
      }

      @Override
      public void onReady() {
        if (!rejected) {
          delegate.onReady();
        }
      }
    };
  }

  // The call only ever carries responses of type R; its request type parameter is never used by the
  // handler, which receives parsed requests from our listener.
  @SuppressWarnings("unchecked")
  private static <Q, R> ServerCall<Q, R> castCall(ServerCall<InputStream, R> call) {
    return (ServerCall<Q, R>) (ServerCall<?, R>) call;
  }

  /** Passes the request bytes through unparsed. */
  private enum RawBytes implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
