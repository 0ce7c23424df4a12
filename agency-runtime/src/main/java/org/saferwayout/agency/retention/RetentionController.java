package org.saferwayout.agency.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.saferwayout.agency.security.AgencyRoles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What the retention job erased here, in counts (no personal data): for privacy officers and auditors. */
@RestController
@SecurityRequirement(name = "bearer")
class RetentionController {

    private static final int LIMIT = 500;

    private final RetentionJob retention;

    RetentionController(RetentionJob retention) {
        this.retention = retention;
    }

    @Operation(summary = "The most recent erasures by the retention job (newest first, at most 500)")
    @GetMapping("/api/retention/erasures")
    @PreAuthorize(AgencyRoles.RETENTION_READERS)
    List<RetentionJob.RetentionErasure> erasures() {
        return retention.erasures(LIMIT);
    }
}
