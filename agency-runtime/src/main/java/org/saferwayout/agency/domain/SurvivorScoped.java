package org.saferwayout.agency.domain;

import org.saferwayout.events.SurvivorRef;

/**
 * A private event about one survivor. Processors that must see a survivor's consents and referrals in the
 * order they happened sequence these by survivor ({@code SurvivorSequencingPolicy}).
 */
public interface SurvivorScoped {

    SurvivorRef survivorRef();
}
