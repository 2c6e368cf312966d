package io.thanosj.promql.engine;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs recursive work (parsing, type checking, evaluation of a deeply nested expression) on the
 * caller's thread, and only if that overflows the stack, again on a thread with a large stack —
 * so that a legal but deeply nested query gets its answer instead of a StackOverflowError.
 */
public final class DeepStack {

  private static final long LARGE_STACK_BYTES = 1L << 30;

  private DeepStack() {}

  public static <T> T run(Supplier<T> work) {
    try {
      return work.get();
    } catch (StackOverflowError e) {
      return onLargeStack(work);
    }
  }

  private static <T> T onLargeStack(Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "promql-deep-stack", LARGE_STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
    }
    Throwable f = failure.get();
    if (f instanceof StackOverflowError) {
      throw new PromqlException(ErrorType.BAD_DATA, "expression is too deeply nested");
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    return result.get();
  }
}
