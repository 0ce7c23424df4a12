package org.saferwayout.agency.domain;

import org.saferwayout.events.SurvivorRef;

/**
 * A read model that keeps a survivor's personal data. An erasure, or the retention job, asks every holder to
 * delete what it keeps of her (her keys are destroyed as well, so anything left behind stays unreadable).
 */
public interface PersonalDataHolder {

    /** What it holds, for the erasure's record (e.g. {@code safety_plans}). */
    String heldIn();

    /** Deletes everything it keeps about her; returns how many records it deleted. Idempotent. */
    long eraseSurvivor(SurvivorRef survivor);
}
