package org.saferwayout.exchange.audit;

/** A checkpoint as a witness (an agency service) kept it in its own database, and who that witness is. */
public record WitnessedCheckpoint(String witness, SignedCheckpoint checkpoint) {
}
