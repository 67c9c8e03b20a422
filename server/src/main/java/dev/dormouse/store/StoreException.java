package dev.dormouse.store;

/** A storage failure. Its message names the operation; the cause holds the driver's detail. */
public final class StoreException extends RuntimeException {
  public StoreException(String operation, Throwable cause) {
    super("store failed: " + operation, cause);
  }
}
