package org.saferwayout.network;

import java.nio.file.Path;

/**
 * Where a benchmark finds the running network: the identity provider, ALERT and CEASE. Defaults are the
 * embedded network's ports ({@link NetworkTopology#DEFAULT}); {@code --issuer}, {@code --alert} and
 * {@code --cease} point elsewhere.
 */
record BenchmarkTarget(String issuer, String alert, String cease) {

    static BenchmarkTarget from(String[] options) {
        NetworkTopology embedded = NetworkTopology.embedded(Path.of("."), Path.of("."));
        return new BenchmarkTarget(
                NetworkCommand.option(options, "--issuer", embedded.issuer()),
                NetworkCommand.option(options, "--alert", embedded.agencyUrl(NetworkTopology.Agency.ALERT)),
                NetworkCommand.option(options, "--cease", embedded.agencyUrl(NetworkTopology.Agency.CEASE)));
    }
}
