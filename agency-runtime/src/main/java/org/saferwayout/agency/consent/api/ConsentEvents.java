package org.saferwayout.agency.consent.api;

import org.axonframework.serialization.Revision;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.Set;

/** Private events of a consent at the recording agency; each is published to the exchange as well. */
public final class ConsentEvents {

    private ConsentEvents() {
    }

    @Revision("1")
    public record ConsentRecordedEvent(
            String consentId,
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
            Instant recordedAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record ConsentWithdrawnEvent(String consentId, SurvivorRef survivorRef, AgencyId recordingAgency,
                                        AgencyId granteeAgency, String recordedBy, Instant withdrawnAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record ConsentExpiredEvent(String consentId, SurvivorRef survivorRef, AgencyId recordingAgency,
                                      AgencyId granteeAgency, Instant expiredAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record ConsentSupersededEvent(String consentId, SurvivorRef survivorRef, AgencyId recordingAgency,
                                         AgencyId granteeAgency, String supersededBy, Instant supersededAt) implements SurvivorScoped {
    }
}
