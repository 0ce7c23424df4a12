package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/**
 * A requesting agency asks a recipient agency to provide a service to a survivor. Carries no personal
 * data: the survivor is named only by pseudonym. {@code requesterCaseRef} is the requester's opaque case id,
 * echoed back in every answer so the requester can file it on the right case (like a Gravity Task's basedOn).
 */
@Revision("1")
public record ReferralRequested(
        UUID eventId,
        String referralId,
        String requesterCaseRef,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        SupportService service,
        ReferralUrgency urgency,
        Instant requestedAt) implements IntegrationEvent {
}
