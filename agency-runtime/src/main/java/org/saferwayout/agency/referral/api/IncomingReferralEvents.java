package org.saferwayout.agency.referral.api;

import org.axonframework.serialization.Revision;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;

/** Private events of a referral at the recipient agency. */
public final class IncomingReferralEvents {

    private IncomingReferralEvents() {
    }

    @Revision("1")
    public record ReferralReceivedEvent(
            String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            Instant requestedAt,
            Instant receivedAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record ReferralAcceptedEvent(
            String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            String acceptedBy,
            Instant acceptedAt) implements SurvivorScoped {
    }
}
