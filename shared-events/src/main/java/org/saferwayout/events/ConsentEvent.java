package org.saferwayout.events;

/** A change of a consent's state, published to its grantee and readable by every agency on the exchange. */
public interface ConsentEvent extends IntegrationEvent {

    String consentId();

    SurvivorRef survivorRef();
}
