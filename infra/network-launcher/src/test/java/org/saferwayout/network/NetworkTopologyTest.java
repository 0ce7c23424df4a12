package org.saferwayout.network;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the processes are told about each other: the exchange store checkpoints whichever exchange the agencies are
 * given (ADR 013); the identity provider knows where each agency's portal is (ADR 015).
 */
class NetworkTopologyTest {

    private final NetworkTopology embedded = NetworkTopology.embedded(Path.of("."), Path.of("data"));

    @Test
    void onTheEmbeddedExchangeTheExchangeStoreCheckpointsItsOwnDatabase() {
        assertThat(embedded.exchangeStore().jvmOptions()).noneMatch(option -> option.startsWith("-Dswo.audit."));
    }

    @Test
    void whenTheAgenciesAreGivenAPostgresqlExchangeTheExchangeStoreIsPointedAtItToo() {
        NetworkTopology onPostgresql = embedded.withExtraServiceArgs(agency -> List.of(
                "--swo.exchange.jdbc-url=jdbc:postgresql://127.0.0.1:5432/audit_exchange",
                "--swo.exchange.username=postgres", "--swo.exchange.password=",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/audit_" + agency.code.replace('-', '_')));
        assertThat(onPostgresql.exchangeStore().jvmOptions()).contains(
                "-Dswo.audit.exchange-url=jdbc:postgresql://127.0.0.1:5432/audit_exchange",
                "-Dswo.audit.exchange-username=postgres", "-Dswo.audit.exchange-password=");
    }

    @Test
    void onOtherPortsTheIdentityProviderIsToldWhereEachAgencyServiceIs() {
        NetworkTopology shifted = embedded.withPorts(NetworkTopology.Ports.offset(18_000));
        assertThat(shifted.identityProvider().arguments()).contains(
                "--swo.identity.issuer=http://127.0.0.1:27000",
                "--swo.agency-urls.alert=http://127.0.0.1:26081",
                "--swo.agency-urls.cease=http://127.0.0.1:26082",
                "--swo.agency-urls.catholic-social-services=http://127.0.0.1:26083",
                "--swo.agency-urls.reach=http://127.0.0.1:26084");
    }
}
