package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The providing agency delivered a service on a referral; addressed back to the requesting agency. That a
 * service was delivered, and how it went, is service-outcome data: this event is published only while a
 * consent for the requester covers {@link DataCategory#SERVICE_OUTCOME} (otherwise a withheld
 * {@link SharingDecisionRecorded} is). {@code outcome} carries only {@link PersonalData#serviceOutcome()}.
 */
@Revision("1")
public record ServiceDelivered(
        UUID eventId,
        String referralId,
        String requesterCaseRef,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        String directoryServiceId,
        SupportService service,
        LocalDate deliveredOn,
        Instant recordedAt,
        PersonalData outcome) implements IntegrationEvent {
}
