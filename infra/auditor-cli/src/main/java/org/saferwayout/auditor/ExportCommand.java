package org.saferwayout.auditor;

import org.saferwayout.exchange.audit.JdbcAuditSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the exchange's rows (stored bytes, base64), tree leaves and signed checkpoints to a JSON Lines bundle.")
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ExchangeConnection exchange;

    @Option(names = {"-o", "--out"}, required = true, description = "the bundle file to write")
    Path out;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (exchange.jdbcUrl == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jdbc-url is required");
        }
        long leaves = BundleExport.export(new JdbcAuditSource(exchange.source()), out,
                new ProgressBar(spec.commandLine().getErr(), "export", !noProgress));
        spec.commandLine().getOut().printf("Exported %,d leaves with their events and signed checkpoints to %s%n", leaves, out);
        return AuditorCommand.INTACT;
    }

}
