package org.saferwayout.agency.web;

/** A record the caller asked for does not exist at this agency (or is not theirs to see). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String fixedMessage) {
        super(fixedMessage, null, false, false);
    }
}
