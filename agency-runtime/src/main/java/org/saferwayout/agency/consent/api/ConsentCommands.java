package org.saferwayout.agency.consent.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.Set;

/** Commands of a consent, held by the agency whose staff recorded it. */
public final class ConsentCommands {

    private ConsentCommands() {
    }

    /**
     * @param witness    who witnessed a verbal consent (staff account id); required for
     *                   {@link ConsentMethod#VERBAL_WITH_WITNESS}
     * @param supersedes the consent this one replaces, or null
     */
    public record RecordConsentCommand(
            @TargetAggregateIdentifier String consentId,
            SurvivorRef survivorRef,
            AgencyId recordingAgency,
            AgencyId granteeAgency,
            Set<ConsentPurpose> purposes,
            Set<DataCategory> categories,
            Instant validFrom,
            Instant validUntil,
            ConsentMethod method,
            String witness,
            String language,
            String recordedBy,
            String supersedes,
            Instant recordedAt) {
    }

    public record WithdrawConsentCommand(@TargetAggregateIdentifier String consentId, String recordedBy,
                                         Instant withdrawnAt) {
    }

    /** Sent by the expiry sweep; the aggregate's own deadline does the same. Idempotent. */
    public record ExpireConsentCommand(@TargetAggregateIdentifier String consentId, Instant now) {
    }

    public record SupersedeConsentCommand(@TargetAggregateIdentifier String consentId, String supersededBy,
                                          Instant supersededAt) {
    }
}
