package org.saferwayout.network.tests;

import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology;
import org.saferwayout.network.NetworkTopology.Agency;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Starts real network processes for a test, on ports away from a demo network, with data under target/. */
final class RunningNetwork {

    static final Path PROJECT_ROOT = Path.of("../..").toAbsolutePath().normalize();

    private RunningNetwork() {
    }

    static Network start(String name, int portOffset, List<Agency> agencies,
                         Function<Agency, List<String>> extraServiceArgs) throws Exception {
        return start(topology(name, portOffset, agencies, extraServiceArgs));
    }

    /** The network a test runs, with a fresh data directory, before any of it starts. */
    static NetworkTopology topology(String name, int portOffset, List<Agency> agencies,
                                    Function<Agency, List<String>> extraServiceArgs) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), name + "-").toAbsolutePath();
        return NetworkTopology.embedded(PROJECT_ROOT, dataDir)
                .withPorts(NetworkTopology.Ports.offset(portOffset))
                .withAgencies(agencies)
                .withExtraServiceArgs(extraServiceArgs);
    }

    static Network start(NetworkTopology topology) throws Exception {
        Network network = new Network(topology);
        try {
            return network.start(Duration.ofSeconds(240));
        } catch (Exception | Error failed) {
            network.close();
            throw failed;
        }
    }

    static NetworkClient client(Network network) {
        return new NetworkClient(network.topology().issuer());
    }
}
