package org.saferwayout.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault suite's second check (ADR 016): each agency's read models, after the faults, equal a clean replay of
 * its stores. The running service's read models are dumped through its embedded MongoDB's fixed loopback port
 * ({@code swo.read-model.embedded-port}); then the service is stopped, its data directory (private store, keys)
 * copied without the read models, every tracking token in the copy deleted, and a fresh copy of the service
 * started on it: it rebuilds every read model from its private store and the exchange. Once its dump equals the
 * first (or time is up), the difference is reported by collection, document id and field name, never by value.
 */
final class ReadModelReplay {

    private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** How a copy of an agency's private store is made and its tokens reset; H2 files or PostgreSQL databases. */
    interface PrivateStores {
        /** Extra service arguments that point the replay at its copy (none for H2: the copied data directory). */
        List<String> copy(Agency agency, Path replayDataDir) throws Exception;
    }

    private final Network network;
    private final Map<Agency, Integer> mongoPorts;
    private final PrivateStores privateStores;
    private final List<String> findings = new ArrayList<>();
    private long documentsCompared;

    ReadModelReplay(Network network, Map<Agency, Integer> mongoPorts, PrivateStores privateStores) {
        this.network = network;
        this.mongoPorts = mongoPorts;
        this.privateStores = privateStores;
    }

    List<String> findings() {
        return findings;
    }

    long documentsCompared() {
        return documentsCompared;
    }

    /** Stops every agency service of the network, replays each into fresh read models and compares. */
    void replayAndCompare(Path replayDataDir, Duration timeout) throws Exception {
        NetworkTopology live = network.topology();
        Map<Agency, Map<String, String>> before = new TreeMap<>();
        for (Agency agency : live.agencies()) {
            try (MongoClient mongo = readModels(agency)) {
                before.put(agency, dump(mongo, agency));
            }
            network.agency(agency).stop();
        }
        Map<Agency, NetworkNode> replays = new TreeMap<>();
        try {
            for (Agency agency : live.agencies()) {
                copyDataDirectory(live.dataDir().resolve(agency.code), replayDataDir.resolve(agency.code));
                List<String> pointAtCopy = privateStores.copy(agency, replayDataDir);
                NetworkTopology replay = new NetworkTopology(live.projectRoot(), replayDataDir, live.ports(), live.agencies(),
                        a -> Stream.concat(live.extraServiceArgs().apply(a).stream(), pointAtCopy.stream()).toList(),
                        live.serviceJvmOptions());
                NetworkNode node = replay.agencyService(agency);
                node.start();
                replays.put(agency, node);
            }
            for (NetworkNode node : replays.values()) {
                node.awaitHealthy(Duration.ofSeconds(240));
            }
            for (Agency agency : live.agencies()) {
                compare(agency, before.get(agency), timeout);
            }
        } finally {
            for (NetworkNode node : replays.values()) {
                node.stop();
            }
        }
    }

    private void compare(Agency agency, Map<String, String> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> replayed;
        try (MongoClient mongo = readModels(agency)) {
            replayed = dump(mongo, agency);
            while (!replayed.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                replayed = dump(mongo, agency);
            }
        }
        documentsCompared += expected.size();
        if (expected.isEmpty()) {
            findings.add(agency.code + ": read models empty before the replay; nothing was compared");
        }
        List<String> differences = differences(expected, replayed);
        if (!differences.isEmpty()) {
            findings.add(agency.code + ": " + differences.size() + " read-model documents differ from a clean replay, e.g. "
                    + differences.stream().limit(5).toList());
        }
    }

    /** Two dumps' differences by document ("collection/id") and field name; values stay out of the report. */
    static List<String> differences(Map<String, String> expected, Map<String, String> replayed) throws IOException {
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(replayed.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String was = expected.get(key);
            String now = replayed.get(key);
            if (was == null) {
                differences.add(key + " only in the replay");
            } else if (now == null) {
                differences.add(key + " missing from the replay");
            } else if (!was.equals(now)) {
                differences.add(key + " differs in " + differingFields(was, now));
            }
        }
        return differences;
    }

    @SuppressWarnings("unchecked")
    private static List<String> differingFields(String was, String now) throws IOException {
        Map<String, Object> a = SORTED.readValue(was, Map.class);
        Map<String, Object> b = SORTED.readValue(now, Map.class);
        TreeSet<String> fields = new TreeSet<>(a.keySet());
        fields.addAll(b.keySet());
        return fields.stream().filter(field -> !Objects.equals(a.get(field), b.get(field))).toList();
    }

    /**
     * Every document of the agency's read-model database, as "collection/id" to its JSON with keys sorted: two
     * dumps are equal exactly when the read models hold the same documents.
     */
    private static Map<String, String> dump(MongoClient mongo, Agency agency) throws IOException {
        Map<String, String> documents = new TreeMap<>();
        MongoDatabase database = mongo.getDatabase("swo-" + agency.code);
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                documents.put(collection + "/" + document.get("_id"), SORTED.writeValueAsString(
                        SORTED.readValue(document.toJson(RELAXED), Map.class)));
            }
        }
        return documents;
    }

    private MongoClient readModels(Agency agency) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + mongoPorts.get(agency)))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
    }

    /** Copies the agency's data (private store, key files) but not its read models, which the replay must rebuild. */
    private static void copyDataDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return; // all its stores are on PostgreSQL
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().startsWith("read-models")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** The embedded default: the private store is an H2 file in the copied directory; its tokens go. */
    static PrivateStores h2() {
        return (agency, replayDataDir) -> {
            return deleteTokens("jdbc:h2:file:" + replayDataDir.resolve(agency.code).resolve("private-events")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "swo", "swo-private", List.of());
        };
    }

    /** Deletes every tracking token of the copy, so that each processor starts again from its store's start. */
    static List<String> deleteTokens(String url, String user, String password, List<String> pointAtCopy)
            throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            if (statement.executeUpdate("DELETE FROM tokenentry") == 0) {
                throw new IllegalStateException("no tracking tokens in the copy " + url + ": nothing would be replayed");
            }
        }
        return pointAtCopy;
    }
}
