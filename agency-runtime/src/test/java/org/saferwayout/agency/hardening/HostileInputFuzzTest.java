package org.saferwayout.agency.hardening;

import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.hostile.ApiOperation;
import org.saferwayout.agency.testapp.hostile.HostileInputFuzzing;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, deliverable 3, for the runtime as ALERT runs it: every operation of its OpenAPI document and the
 * open actuator endpoints, fuzzed with jqwik ({@link HostileInputFuzzing}; ADR 017).
 * CI size by default; full size: {@code -Dswo.fuzz.tries=10000}, replay: {@code -Dswo.fuzz.seed=...}.
 */
@AgencyRuntimeTest
class HostileInputFuzzTest extends HostileInputFuzzing {

    @Override
    protected String agency() {
        return "alert";
    }

    @Override
    protected void expectOperations(List<ApiOperation> operations) {
        assertThat(operations).extracting(ApiOperation::id).as("operations found in the OpenAPI document")
                .contains("POST /api/cases", "GET /api/cases/{caseId}", "POST /api/consents",
                        "POST /api/referrals/inbox/{referralId}/actions/{action}", "GET /api/audit/events",
                        "PUT /api/subscriptions/{subscriptionId}", "GET /actuator/health");
    }
}
