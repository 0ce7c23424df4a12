package org.saferwayout.agency.portal;

import org.junit.jupiter.api.Test;
import org.saferwayout.agency.supportcase.application.SupportCaseView;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The case timeline tells each step at the time it happened. */
class TimelineTest {

    private static final Instant OPENED = Instant.parse("2026-11-20T15:00:00Z");
    private static final Instant REQUESTED = OPENED.plusSeconds(600);
    private static final Instant RECEIVED = REQUESTED.plusSeconds(5);
    private static final Instant ACCEPTED = RECEIVED.plusSeconds(3600);

    private static SupportCaseView withReferral(String status, Instant acceptedAt, Instant statusChangedAt) {
        SupportCaseView.Referral referral = new SupportCaseView.Referral("r-1", "CEASE", "EXIT_SUPPORT", null, "URGENT",
                status, null, REQUESTED, REQUESTED.plusSeconds(86_400), false, false, acceptedAt, statusChangedAt,
                null, false, List.of());
        return new SupportCaseView("c-1", "SR-1", "OPEN", OPENED, null, null, 0, List.of(referral));
    }

    private static List<String> steps(SupportCaseView supportCase) {
        return Timeline.of(supportCase, new PortalWords()).entries().stream()
                .map(entry -> entry.at() + " " + entry.what()).toList();
    }

    @Test
    void anAcceptedReferralIsAcceptedWhenItWasNotWhenItWasReceived() {
        // As the projection leaves it: acceptedAt set, statusChangedAt still the time it was received.
        List<String> steps = steps(withReferral("ACCEPTED", ACCEPTED, RECEIVED));
        assertThat(steps).hasSize(3).noneMatch(step -> step.contains("is now"));
        assertThat(steps.get(2)).startsWith(ACCEPTED + " ").contains("accepted the referral");
    }

    @Test
    void aLaterStatusIsToldAtItsOwnTime() {
        Instant completed = ACCEPTED.plusSeconds(7200);
        List<String> steps = steps(withReferral("COMPLETED", ACCEPTED, completed));
        assertThat(steps).hasSize(4);
        assertThat(steps.get(3)).startsWith(completed + " ").contains("is now completed");
    }
}
