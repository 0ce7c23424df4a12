package org.saferwayout.agency.supportcase.application;

import org.saferwayout.events.PersonalData;

import java.time.Instant;
import java.util.List;

/**
 * A support case as its owning agency sees it: its referrals with their states and deadlines, and the
 * services delivered on them that a consent still lets this agency see.
 */
public record SupportCaseView(
        String caseId,
        String survivorRef,
        String status,
        Instant openedAt,
        String closureReason,
        Instant closedAt,
        int safetyPlanVersion,
        List<Referral> referrals) {

    /**
     * {@code overdue}: still unacknowledged after its deadline (it has then been escalated);
     * {@code statusChangedAt}: when it last changed status other than by acceptance.
     */
    public record Referral(
            String referralId,
            String recipientAgency,
            String service,
            String directoryServiceId,
            String urgency,
            String status,
            String statusReason,
            Instant requestedAt,
            Instant acknowledgeBy,
            boolean overdue,
            boolean escalated,
            Instant acceptedAt,
            Instant statusChangedAt,
            String reroutedFrom,
            boolean emergencyDisclosure,
            List<DeliveredService> servicesDelivered) {
    }

    public record DeliveredService(String providerAgency, String service, String directoryServiceId,
                                   String deliveredOn, PersonalData outcome) {
    }
}
