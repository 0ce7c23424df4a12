package org.saferwayout.reach.hardening;

import org.saferwayout.agency.testapp.hostile.ApiOperation;
import org.saferwayout.agency.testapp.hostile.HostileInputFuzzing;
import org.saferwayout.reach.testapp.ReachServiceTest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's hostile-input fuzzing (issue 9, deliverable 3; ADR 017) against REACH as it runs: its own
 * endpoints (the HSDS directory, the outcome report) besides the runtime's, all from its OpenAPI document.
 * CI size by default; full size: {@code -Dswo.fuzz.tries=10000}, replay: {@code -Dswo.fuzz.seed=...}.
 */
@ReachServiceTest
class ReachHostileInputFuzzTest extends HostileInputFuzzing {

    @Override
    protected String agency() {
        return "reach";
    }

    @Override
    protected void expectOperations(List<ApiOperation> operations) {
        assertThat(operations).extracting(ApiOperation::id).as("REACH's own endpoints are in its OpenAPI document")
                .contains("GET /services", "GET /organizations/{id}", "GET /locations/{id}",
                        "GET /api/reports/outcomes", "POST /api/cases");
    }
}
