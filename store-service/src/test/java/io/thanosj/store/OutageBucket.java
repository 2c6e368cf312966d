package io.thanosj.store;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real bucket that can be made unreachable and brought back: every call fails while it is down. */
public final class OutageBucket implements Bucket {

  private final Bucket delegate;
  private final AtomicBoolean down = new AtomicBoolean();

  public OutageBucket(Bucket delegate) {
    this.delegate = delegate;
  }

  public void setDown(boolean d) {
    down.set(d);
  }

  private void check() throws BucketException {
    if (down.get()) {
      throw new BucketException("connection refused (test outage)", true, null);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public InputStream get(String name) throws IOException {
    check();
    return delegate.get(name);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    check();
    return delegate.getRange(name, offset, length);
  }

  @Override
  public void upload(String name, InputStream content, long size) throws IOException {
    check();
    delegate.upload(name, content, size);
  }

  @Override
  public void delete(String name) throws IOException {
    check();
    delegate.delete(name);
  }

  @Override
  public boolean exists(String name) throws IOException {
    check();
    return delegate.exists(name);
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    check();
    return delegate.attributes(name);
  }

  @Override
  public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
    check();
    delegate.iter(dir, visitor, recursive);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
