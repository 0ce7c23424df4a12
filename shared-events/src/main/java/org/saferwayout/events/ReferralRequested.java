package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/**
 * A requesting agency asks a recipient agency to provide a service to a survivor, named by pseudonym.
 * {@code personalData} holds only what a consent for the recipient and the service's purpose covered when
 * it was published (null when nothing was); a {@link SharingDecisionRecorded} says what was withheld.
 * Revision 2 added {@code personalData}; revision 1 events read with it null. Revision 3 added
 * {@code directoryServiceId}, the network directory's service the referral targets (null before). {@code requesterCaseRef} is the requester's opaque case id,
 * echoed back in every answer so the requester can file it on the right case (like a Gravity Task's basedOn).
 */
@Revision("3")
public record ReferralRequested(
        UUID eventId,
        String referralId,
        String requesterCaseRef,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        SupportService service,
        ReferralUrgency urgency,
        Instant requestedAt,
        PersonalData personalData,
        String directoryServiceId) implements IntegrationEvent {
}
