package org.saferwayout.agency.consent.application;

import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SurvivorRef;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides what of a survivor's personal data may leave for a recipient: exactly the categories that a
 * given, in-period consent for that recipient and purpose covers at that moment. Everything else is
 * withheld, and the decision says so without repeating the withheld data.
 */
@Component
public class ConsentGate {

    public static final String NO_CONSENT = "NO_CONSENT";
    public static final String NOT_COVERED = "NOT_COVERED";
    public static final String NOTHING_WITHHELD = "NONE";
    /** Released (in part) under a supervisor's emergency disclosure rather than consent. */
    public static final String EMERGENCY_DISCLOSURE = "EMERGENCY_DISCLOSURE";
    /**
     * Covered, but the recipient has no key to seal it for yet (it never started): withheld, so that the referral
     * still goes now, without the data, instead of waiting (ADR 009).
     */
    public static final String RECIPIENT_KEY_UNAVAILABLE = "RECIPIENT_KEY_UNAVAILABLE";

    /** Whether data can be sealed for the recipient: it has registered a key-encryption key (ADR 009). */
    @FunctionalInterface
    public interface SealingReadiness {
        boolean canReceiveSealed(AgencyId recipient);
    }

    private final ConsentRegistry registry;
    private final SealingReadiness recipients;

    public ConsentGate(ConsentRegistry registry, SealingReadiness recipients) {
        this.registry = registry;
        this.recipients = recipients;
    }

    public SharingDecision decide(SurvivorRef survivor, AgencyId recipient, ConsentPurpose purpose,
                                  PersonalData offered, Instant at) {
        PersonalData data = offered == null ? PersonalData.NONE : offered;
        ConsentRegistry.Coverage coverage = registry.coverage(survivor, recipient, purpose, at);
        Set<DataCategory> released = EnumSet.noneOf(DataCategory.class);
        released.addAll(data.categories());
        released.retainAll(coverage.categories());
        if (!released.isEmpty() && !recipients.canReceiveSealed(recipient)) {
            return new SharingDecision(PersonalData.NONE, EnumSet.noneOf(DataCategory.class), data.categories(), null,
                    RECIPIENT_KEY_UNAVAILABLE);
        }
        Set<DataCategory> withheld = EnumSet.noneOf(DataCategory.class);
        withheld.addAll(data.categories());
        withheld.removeAll(released);
        String reason = coverage.emergency() && !released.isEmpty() ? EMERGENCY_DISCLOSURE
                : withheld.isEmpty() ? NOTHING_WITHHELD : coverage.coversNothing() ? NO_CONSENT : NOT_COVERED;
        return new SharingDecision(data.restrictedTo(released), released, withheld,
                released.isEmpty() ? null : coverage.consentId(), reason);
    }

    /** @param consentId the consent that permitted the release; null when nothing was released */
    public record SharingDecision(PersonalData released, Set<DataCategory> releasedCategories,
                                  Set<DataCategory> withheldCategories, String consentId, String reason) {
    }
}
