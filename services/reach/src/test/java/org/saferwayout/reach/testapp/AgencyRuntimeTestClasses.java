package org.saferwayout.reach.testapp;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The REACH application scans {@code org.saferwayout.agency}, where the runtime's own test application
 * ({@code TestAgencyApplication}, an ALERT-style {@code @SpringBootApplication}) also lives once its test
 * classes are on the classpath; they are the runtime's tests' business, not this service's.
 */
class AgencyRuntimeTestClasses extends TypeExcludeFilter {

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        return reader.getClassMetadata().getClassName().startsWith("org.saferwayout.agency.testapp.");
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
