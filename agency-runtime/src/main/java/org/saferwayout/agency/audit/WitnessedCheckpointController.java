package org.saferwayout.agency.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Profile;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The checkpoints this agency witnessed, read-only, for auditors and privacy officers (the auditor CLI's
 * {@code verify --witness-url}). Hashes, sizes and signatures only: nothing about any survivor.
 */
@RestController
@Validated
@Profile("!axonserver") // no JDBC exchange, no witness (ExchangeWitnessConfiguration)
class WitnessedCheckpointController {

    /** Who may read what this agency witnessed. */
    static final String WITNESS_READERS = "hasAnyRole('AUDITOR', 'PRIVACY_OFFICER')";

    private final WitnessLedger ledger;

    WitnessedCheckpointController(WitnessLedger ledger) {
        this.ledger = ledger;
    }

    /** Ascending by tree size, after {@code afterTreeSize}, at most {@code limit}. */
    @GetMapping("/api/audit/witnessed-checkpoints")
    @PreAuthorize(WITNESS_READERS)
    List<WitnessLedger.Kept> witnessedCheckpoints(@RequestParam(defaultValue = "0") @Min(0) long afterTreeSize,
                                                  @RequestParam(defaultValue = "1000") @Min(1) @Max(1000) int limit) {
        return ledger.after(afterTreeSize, limit);
    }
}
