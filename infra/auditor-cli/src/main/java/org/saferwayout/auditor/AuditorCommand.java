package org.saferwayout.auditor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code swo-audit}: the auditor's tool for the network exchange's tamper-evident history (ADR 013).
 * {@code export} writes a bundle, {@code verify} checks a bundle or a live exchange, {@code bench} measures
 * verification on a generated store.
 */
@Command(name = "swo-audit", mixinStandardHelpOptions = true, version = "swo-audit 0.1.0",
        description = "Exports and verifies the Safer Way Out network exchange's tamper-evident history.",
        subcommands = {ExportCommand.class, VerifyCommand.class, BenchCommand.class})
public final class AuditorCommand implements Runnable {

    /** Exit codes: 0 intact, 1 tampering found, 2 bad usage, 3 could not read what was asked. */
    static final int INTACT = 0;
    static final int TAMPERED = 1;
    static final int UNREADABLE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: export, verify or bench");
    }

    public static void main(String[] args) {
        // H2 (embedded) would otherwise hash every value it reads into its object cache: a third of the reading.
        System.setProperty("h2.objectCache", "false");
        // H2's and the drivers' threads must not keep a finished command alive (AXON-NOTES, trap 8).
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new AuditorCommand())
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
                    // Never the exception's message: it may quote a row; its type says what kind of failure.
                    commandLine.getErr().println("Could not complete: " + failure.getClass().getSimpleName()
                            + (failure instanceof java.io.IOException || failure instanceof java.sql.SQLException
                            ? " (" + failure.getMessage() + ")" : ""));
                    return UNREADABLE;
                });
    }
}
