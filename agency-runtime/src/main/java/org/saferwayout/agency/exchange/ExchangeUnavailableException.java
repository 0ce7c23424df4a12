package org.saferwayout.agency.exchange;

/** The exchange could not be reached; the caller's processor retries with back-off. */
public class ExchangeUnavailableException extends RuntimeException {
    public ExchangeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
