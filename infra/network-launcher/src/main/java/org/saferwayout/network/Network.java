package org.saferwayout.network;

import org.saferwayout.network.NetworkTopology.Agency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The running network: starts every process, waits until all are healthy, stops them in reverse order. */
public final class Network implements AutoCloseable {

    private final NetworkTopology topology;
    private final NetworkNode identityProvider;
    private final NetworkNode exchangeStore;
    private final Map<Agency, NetworkNode> agencies = new EnumMap<>(Agency.class);

    public Network(NetworkTopology topology) {
        this.topology = topology;
        this.identityProvider = topology.identityProvider();
        this.exchangeStore = topology.exchangeStore();
        topology.agencies().forEach(agency -> agencies.put(agency, topology.agencyService(agency)));
    }

    public NetworkTopology topology() {
        return topology;
    }

    /** Starts all processes at once (services wait for nothing: they retry the exchange) and awaits health. */
    public Network start(Duration timeout) throws Exception {
        for (NetworkNode node : nodes()) {
            node.start();
        }
        for (NetworkNode node : nodes()) {
            node.awaitHealthy(timeout);
        }
        return this;
    }

    public NetworkNode agency(Agency agency) {
        return agencies.get(agency);
    }

    public NetworkNode exchangeStore() {
        return exchangeStore;
    }

    public NetworkNode identityProvider() {
        return identityProvider;
    }

    public List<NetworkNode> nodes() {
        List<NetworkNode> nodes = new ArrayList<>();
        nodes.add(exchangeStore);
        nodes.add(identityProvider);
        nodes.addAll(agencies.values());
        return nodes;
    }

    @Override
    public void close() throws InterruptedException {
        List<NetworkNode> reverse = nodes();
        Collections.reverse(reverse);
        for (NetworkNode node : reverse) {
            node.stop();
        }
    }
}
