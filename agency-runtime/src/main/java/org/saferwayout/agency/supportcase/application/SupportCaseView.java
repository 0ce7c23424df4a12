package org.saferwayout.agency.supportcase.application;

import java.time.Instant;
import java.util.List;

/** A support case as its owning agency sees it. */
public record SupportCaseView(
        String caseId,
        String survivorRef,
        String status,
        Instant openedAt,
        List<Referral> referrals) {

    public record Referral(
            String referralId,
            String recipientAgency,
            String service,
            String urgency,
            String status,
            Instant requestedAt,
            Instant acceptedAt,
            boolean emergencyDisclosure) {
    }
}
