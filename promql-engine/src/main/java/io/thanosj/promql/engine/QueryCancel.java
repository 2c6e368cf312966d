package io.thanosj.promql.engine;

/**
 * A handle to cancel a running query from another thread (e.g. when the HTTP client goes away).
 * The engine checks it between series and steps and then fails with errorType canceled.
 */
public final class QueryCancel {

  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }
}
