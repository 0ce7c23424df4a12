package org.saferwayout.agency.directory;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * @param location the network directory file (HSDS 3.0 tables; see {@link DirectoryEntries})
 * @param serve    whether this service publishes the directory as the HSDS API: REACH does, for the
 *                 whole network; every other agency only reads it in-process
 */
@Validated
@ConfigurationProperties("swo.directory")
public record DirectoryProperties(
        @NotNull @DefaultValue("classpath:directory/network-directory.json") Resource location,
        @DefaultValue("false") boolean serve) {
}
