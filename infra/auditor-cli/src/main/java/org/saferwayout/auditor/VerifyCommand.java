package org.saferwayout.auditor;

import com.fasterxml.jackson.core.type.TypeReference;
import org.saferwayout.exchange.audit.AuditSource;
import org.saferwayout.exchange.audit.ExchangeVerifier;
import org.saferwayout.exchange.audit.Finding;
import org.saferwayout.exchange.audit.JdbcAuditSource;
import org.saferwayout.exchange.audit.VerificationReport;
import org.saferwayout.exchange.audit.WitnessedCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes the exchange's Merkle tree from a bundle or the live database and checks every leaf,"
                + " signed checkpoint and witnessed checkpoint. Prints the first bad position.",
                "Exit 0: intact. Exit 1: tampering found. Exit 3: could not read the input."})
final class VerifyCommand implements Callable<Integer> {

    private static final int PAGE = 1000;
    private static final int FINDINGS_SHOWN = 20;

    @Option(names = "--bundle", description = "a bundle written by export")
    Path bundle;

    @CommandLine.Mixin
    ExchangeConnection exchange;

    @Option(names = "--operator-key", description = "the log operator's public key (base64, or a file: the exchange store's"
            + " checkpoint-signing-key.pub); without it, the witnesses' key, else the store's own first key")
    String operatorKey;

    @Option(names = "--witness-file", description = "checkpoints a witness kept (the JSON of GET /api/audit/witnessed-checkpoints)")
    List<Path> witnessFiles = new ArrayList<>();

    @Option(names = "--witness-url", description = "an agency service whose witnessed checkpoints to fetch, e.g. http://127.0.0.1:8081")
    List<String> witnessUrls = new ArrayList<>();

    @Option(names = "--token", defaultValue = "${env:SWO_AUDIT_TOKEN}",
            description = "bearer token (auditor or privacy officer) for --witness-url (default: $SWO_AUDIT_TOKEN)")
    String token;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((bundle == null) == (exchange.jdbcUrl == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --bundle or --jdbc-url");
        }
        if (!witnessUrls.isEmpty() && (token == null || token.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--witness-url needs --token (or $SWO_AUDIT_TOKEN)");
        }
        AuditSource source = bundle != null ? new BundleAuditSource(bundle) : new JdbcAuditSource(exchange.source());
        List<WitnessedCheckpoint> witnessed = new ArrayList<>();
        for (Path file : witnessFiles) {
            witnessed.addAll(readWitnessFile(file));
        }
        for (String url : witnessUrls) {
            witnessed.addAll(fetchWitness(url));
        }
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), "verify", !noProgress);
        VerificationReport report = ExchangeVerifier.verify(source, new ExchangeVerifier.Options(
                operatorKey == null ? null : readKey(operatorKey), witnessed, new ExchangeVerifier.Progress() {
                    @Override
                    public void leavesVerified(long done, long total) {
                        progress.update(done, total);
                    }
                }));
        progress.done(report.leaves(), report.leaves());
        print(report, spec.commandLine().getOut());
        return report.intact() ? AuditorCommand.INTACT : AuditorCommand.TAMPERED;
    }

    static void print(VerificationReport report, PrintWriter out) {
        String keyNote = report.operatorKeyPinned() ? "pinned" : "taken from the store itself: pass --operator-key or witnesses to pin it";
        if (report.intact()) {
            out.printf("INTACT: %,d events in the tree, %,d signed checkpoints and %,d witnessed checkpoints agree"
                            + " (operator key %s, %s); %,d newer events not yet in the tree. %.1f s, %,.0f events/s.%n",
                    report.leaves(), report.checkpoints(), report.witnessedCheckpoints(), report.operatorKeyId(), keyNote,
                    report.eventsOutsideTree(), report.elapsed().toMillis() / 1000.0, report.leavesPerSecond());
            return;
        }
        Finding first = report.firstBadPosition().orElseThrow();
        out.println("TAMPERED: first bad position: " + first);
        out.printf("%,d findings over %,d events (%,d signed checkpoints, %,d witnessed; operator key %s, %s):%n",
                report.findings().size(), report.leaves(), report.checkpoints(), report.witnessedCheckpoints(),
                report.operatorKeyId(), keyNote);
        report.findings().stream().limit(FINDINGS_SHOWN).forEach(finding -> out.println("  " + finding));
        if (report.findings().size() > FINDINGS_SHOWN) {
            out.printf("  ... and %,d more%n", report.findings().size() - FINDINGS_SHOWN);
        }
    }

    static byte[] readKey(String keyOrFile) throws java.io.IOException {
        Path file = Path.of(keyOrFile);
        if (Files.isRegularFile(file)) {
            byte[] content = Files.readAllBytes(file);
            String text = new String(content, StandardCharsets.US_ASCII).trim();
            return text.matches("[A-Za-z0-9+/=]+") ? Base64.getDecoder().decode(text) : content;
        }
        return Base64.getDecoder().decode(keyOrFile.trim());
    }

    static List<WitnessedCheckpoint> readWitnessFile(Path file) throws java.io.IOException {
        List<BundleFormat.Checkpoint> kept = BundleFormat.JSON.readValue(file.toFile(), new TypeReference<>() { });
        return kept.stream().map(checkpoint -> checkpoint.witnessed(file.getFileName().toString())).toList();
    }

    private List<WitnessedCheckpoint> fetchWitness(String baseUrl) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<WitnessedCheckpoint> kept = new ArrayList<>();
        long after = 0;
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "")
                            + "/api/audit/witnessed-checkpoints?afterTreeSize=" + after + "&limit=" + PAGE))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new java.io.IOException("witness " + baseUrl + " answered HTTP " + response.statusCode());
            }
            List<BundleFormat.Checkpoint> page = BundleFormat.JSON.readValue(response.body(), new TypeReference<>() { });
            page.forEach(checkpoint -> kept.add(checkpoint.witnessed(baseUrl)));
            if (page.size() < PAGE) {
                return kept;
            }
            after = page.get(page.size() - 1).treeSize();
        }
    }
}
