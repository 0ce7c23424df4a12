package org.saferwayout.agency.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.saferwayout.agency.eventstore.AxonSerializationConfiguration;
import org.saferwayout.agency.keys.PersonalDataCipher.DataKey;
import org.saferwayout.events.PersonalData.Unreadable;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.PersonalData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchange's event serializer: every field of every {@link PersonalData} of an integration event is sealed
 * for the event's recipient agency before it is stored, and opened on reading only by that agency (ADR 009). Ids,
 * types, the SurvivorRef, timestamps and states stay readable for routing and audit. A reader that may not or
 * can no longer open a field gets {@link PersonalData#unreadable} in its place, never an error, so that an
 * erased survivor's history still replays.
 */
public class PersonalDataProtectingSerializer implements Serializer {

    private final JacksonSerializer json;
    private final ObjectMapper mapper;
    private final PersonalDataCipher cipher;
    private final Map<Class<?>, List<RecordComponent>> personalDataFields = new ConcurrentHashMap<>();

    /** The exchange's serializer: the stored-JSON one, sealing with this cipher. */
    public static PersonalDataProtectingSerializer forExchange(PersonalDataCipher cipher) {
        return new PersonalDataProtectingSerializer(AxonSerializationConfiguration.jsonSerializer(), cipher);
    }

    private PersonalDataProtectingSerializer(JacksonSerializer json, PersonalDataCipher cipher) {
        this.json = json;
        this.mapper = json.getObjectMapper();
        this.cipher = cipher;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!(object instanceof IntegrationEvent event) || personalDataFieldsOf(object.getClass()).isEmpty()) {
            return json.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = mapper.valueToTree(object);
        DataKey dataKey = null;
        for (RecordComponent component : personalDataFieldsOf(object.getClass())) {
            PersonalData data = (PersonalData) read(component, object);
            if (data == null || data.isEmpty()) {
                continue;
            }
            if (dataKey == null) {
                dataKey = cipher.newDataKey(event.survivorRef(), event.recipientAgency());
            }
            ObjectNode fields = (ObjectNode) tree.get(component.getName());
            for (String field : fieldNames(fields)) {
                fields.set(field, cipher.seal(dataKey, bytes(fields.get(field)), associatedData(tree, component, field)));
            }
        }
        T data = getConverter().convert(bytes(tree), byte[].class, expectedRepresentation);
        return new SimpleSerializedObject<>(data, expectedRepresentation, typeForClass(object.getClass()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        List<RecordComponent> components = personalDataFieldsOf(type);
        if (components.isEmpty()) {
            return json.deserialize(serializedObject);
        }
        JsonNode stored = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), JsonNode.class);
        if (components.stream().noneMatch(component -> isSealed(stored.get(component.getName())))) {
            return json.deserialize(serializedObject);
        }
        ObjectNode tree = (ObjectNode) stored.deepCopy();
        AgencyId recipient = mapper.convertValue(tree.get("recipientAgency"), AgencyId.class);
        for (RecordComponent component : components) {
            if (isSealed(tree.get(component.getName()))) {
                tree.set(component.getName(), open(tree, component, recipient));
            }
        }
        try {
            return (T) mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " does not read back", e);
        }
    }

    /** The opened fields, or the marked replacement: all fields open, or none is given out. */
    private JsonNode open(ObjectNode tree, RecordComponent component, AgencyId recipient) {
        if (recipient != cipher.thisAgency()) {
            return unreadable(Unreadable.NOT_FOR_THIS_AGENCY);
        }
        ObjectNode sealed = (ObjectNode) tree.get(component.getName());
        String keyId = sealed.elements().next().path("keyId").asText();
        Optional<DataKey> dataKey = cipher.openingKey(keyId);
        if (dataKey.isEmpty()) {
            return unreadable(Unreadable.ERASED);
        }
        ObjectNode opened = mapper.createObjectNode();
        for (String field : fieldNames(sealed)) {
            Optional<byte[]> plaintext = PersonalDataCipher.isSealed(sealed.get(field))
                    ? cipher.open(dataKey.get(), sealed.get(field), associatedData(tree, component, field))
                    : Optional.empty();
            if (plaintext.isEmpty()) {
                return unreadable(Unreadable.INTEGRITY_CHECK_FAILED);
            }
            opened.set(field, tree(plaintext.get()));
        }
        return opened;
    }

    /** Personal data whose fields are sealed (each field's value is a sealed object). */
    private static boolean isSealed(JsonNode personalData) {
        return personalData != null && personalData.isObject() && personalData.size() > 0
                && PersonalDataCipher.isSealed(personalData.elements().next());
    }

    private JsonNode unreadable(Unreadable why) {
        return mapper.valueToTree(PersonalData.unreadable(why));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Binds a sealed field to its event, field, survivor and recipient (GCM additional data). */
    private static String associatedData(JsonNode event, RecordComponent component, String field) {
        return String.join("|", event.path("eventId").asText(), component.getName() + "." + field,
                event.path("survivorRef").toString(), event.path("recipientAgency").toString());
    }

    private List<RecordComponent> personalDataFieldsOf(Class<?> type) {
        return personalDataFields.computeIfAbsent(type, candidate -> candidate.isRecord()
                && IntegrationEvent.class.isAssignableFrom(candidate)
                ? Arrays.stream(candidate.getRecordComponents()).filter(c -> c.getType() == PersonalData.class).toList()
                : List.of());
    }

    private static Object read(RecordComponent field, Object record) {
        try {
            return field.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + field.getName(), e);
        }
    }

    private byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonNode tree(byte[] plaintext) {
        try {
            return mapper.readTree(plaintext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return json.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return json.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return json.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return json.getConverter();
    }
}
