package org.saferwayout.agency.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.saferwayout.agency.keys.SealingEventSerializer;
import org.saferwayout.agency.keys.SurvivorDataVault;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Events, messages and tokens are stored as JSON with their own mapper, not the web's: the web refuses
 * unknown fields, while stored events must stay readable by tolerant readers as the contract grows
 * (shape changes go through {@code @Revision} and upcasters).
 */
@Configuration(proxyBeanMethods = false)
public class AxonSerializationConfiguration {

    /** The stored-JSON serializer; the exchange's wraps it to seal personal data (PersonalDataProtectingSerializer). */
    public static JacksonSerializer jsonSerializer() {
        ObjectMapper storedJson = JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        return JacksonSerializer.builder().objectMapper(storedJson).build();
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return jsonSerializer();
    }

    /** Private events: personal information sealed under the survivor's key (ADR 011). */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(SurvivorDataVault vault) {
        return new SealingEventSerializer(jsonSerializer(), vault);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return jsonSerializer();
    }
}
