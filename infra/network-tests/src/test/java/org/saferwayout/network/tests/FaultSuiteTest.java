package org.saferwayout.network.tests;

import org.junit.jupiter.api.Test;
import org.saferwayout.network.FaultSuite;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One short run of the fault suite (ADR 016; the full one is {@code ./network fault-suite --runs 3}): traffic
 * through all six processes while each is killed with -9 and restarted in turn; nothing accepted is lost or
 * duplicated, every read model equals a clean replay, and the services ride out the exchange outage with back-off.
 */
class FaultSuiteTest {

    @Test
    void nothingIsLostOrDuplicatedWhenEachProcessIsKilledUnderLoad() throws Exception {
        FaultSuite.Settings settings = FaultSuite.Settings.full(RunningNetwork.PROJECT_ROOT)
                .withFaultInterval(Duration.ofSeconds(5));
        FaultSuite.Report report = new FaultSuite(settings, System.out).run("ci");
        report.print(System.out);

        assertThat(report.findings()).isEmpty();
        assertThat(report.faults()).extracting(FaultSuite.Fault::process).containsExactly(
                "alert", "cease", "catholic-social-services", "reach", "exchange-store", "identity-provider");
        assertThat(report.faults()).allSatisfy(fault -> assertThat(fault.pidRestarted()).isNotEqualTo(fault.pidKilled()));
        assertThat(report.referralsAccepted()).isPositive();
        assertThat(report.consentsRecorded()).isPositive();
        assertThat(report.retried()).as("commands sent again while their process was down").isPositive();
        assertThat(report.exchangeEventsChecked()).isGreaterThanOrEqualTo(report.commandsAccepted());
        assertThat(report.replayDocumentsCompared()).isPositive();
    }
}
