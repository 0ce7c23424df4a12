package org.saferwayout.agency.portal;

import org.junit.jupiter.api.Test;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The portal's forms that carry a survivor's data never print it (a debug or trace log of a handler's arguments). */
class PortalFormsTest {

    private static final String CANARY = "Canary-Personal-7f3e";
    private static final LocalDate BORN = LocalDate.of(1990, 4, 17);

    @Test
    void formsCarryingPersonalDataPrintIdsAndChoicesOnly() {
        assertThat(new CasePage.ReferForm(AgencyId.CEASE, SupportService.values()[0], ReferralUrgency.URGENT,
                "cease-exit", Boolean.TRUE, CANARY, BORN, CANARY, CANARY, CANARY, "key-12345678").toString())
                .contains("CEASE", "cease-exit").doesNotContain(CANARY, BORN.toString());
        assertThat(new ReferralPages.ServiceDeliveredForm("cease-exit", LocalDate.now(), CANARY, "key-12345678").toString())
                .contains("cease-exit").doesNotContain(CANARY);
        assertThat(new SafetyPlanPage.SafetyPlanForm(CANARY, CANARY).toString()).doesNotContain(CANARY);
    }
}
