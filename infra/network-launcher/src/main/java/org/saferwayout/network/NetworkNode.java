package org.saferwayout.network;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the network (the identity provider, the exchange store or an agency service), started
 * as {@code java -jar} with its output in its own log file, and checked for health over HTTP or TCP.
 */
public final class NetworkNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final int port;
    private final String healthPath;
    private final Path logFile;
    private final String mainClass;
    private Process process;

    NetworkNode(String name, Path jar, List<String> jvmOptions, List<String> arguments, int port, String healthPath,
                Path logFile) {
        this(name, jar, null, jvmOptions, arguments, port, healthPath, logFile);
    }

    /** A node running another main class than its jar's application, through Spring Boot's PropertiesLauncher. */
    NetworkNode(String name, Path jar, String mainClass, List<String> jvmOptions, List<String> arguments, int port,
                String healthPath, Path logFile) {
        this.mainClass = mainClass;
        this.name = name;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.port = port;
        this.healthPath = healthPath;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The JVM options it starts with (e.g. where the exchange store's checkpointer looks). */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The program arguments it starts with (e.g. where the identity provider sends each portal back). */
    public List<String> arguments() {
        return arguments;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (mainClass == null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.addAll(List.of("-cp", jar.toString(), "-Dloader.main=" + mainClass,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        }
        command.addAll(arguments);
        Files.createDirectories(logFile.getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** Waits until the node answers healthy; fails early if its process dies. */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + logFile);
            }
            if (isHealthy()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout.toSeconds() + " s; see " + logFile);
    }

    public boolean isHealthy() {
        if (healthPath == null) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + healthPath))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the process at once, like {@code kill -9}: no shutdown hooks, no flushing. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Asks the process to stop (SIGTERM), waits for a clean shutdown, then kills it. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
