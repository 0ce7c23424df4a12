package org.saferwayout.agency.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.saferwayout.agency.domain.PersonalInformation;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.PersonalData.Unreadable;
import org.saferwayout.events.SurvivorRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private event store's serializer: every {@link PersonalInformation} component of a private event is
 * stored sealed under the survivor's key ({@link SurvivorDataVault}), so the private database alone reveals
 * nothing and an erasure or the retention job makes it unreadable while the event, and the aggregate it
 * rebuilds, stay. A component that can no longer be opened reads back as {@link PersonalData#unreadable} (for
 * personal data) or {@link SurvivorDataVault#ERASED_TEXT} (for a text), never as an error.
 */
public class SealingEventSerializer implements Serializer {

    private final JacksonSerializer json;
    private final ObjectMapper mapper;
    private final SurvivorDataVault vault;
    private final Map<Class<?>, List<Path>> sealedPaths = new ConcurrentHashMap<>();

    /** A sealed component: its JSON path in the event and the type it reads back as. */
    private record Path(List<String> names, Class<?> type) {
        String context(Class<?> event) {
            return event.getSimpleName() + "." + String.join(".", names);
        }
    }

    public SealingEventSerializer(JacksonSerializer json, SurvivorDataVault vault) {
        this.json = json;
        this.mapper = json.getObjectMapper();
        this.vault = vault;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        List<Path> paths = object == null ? List.of() : pathsOf(object.getClass());
        if (paths.isEmpty()) {
            return json.serialize(object, expectedRepresentation);
        }
        if (!(object instanceof SurvivorScoped scoped)) {
            throw new IllegalStateException(object.getClass().getSimpleName() + " holds personal information but names no survivor");
        }
        ObjectNode tree = mapper.valueToTree(object);
        for (Path path : paths) {
            ObjectNode parent = parentOf(tree, path);
            String field = path.names().get(path.names().size() - 1);
            JsonNode value = parent == null ? null : parent.get(field);
            if (value != null && !value.isNull()) {
                parent.set(field, vault.seal(scoped.survivorRef(), bytes(value), path.context(object.getClass())));
            }
        }
        T data = getConverter().convert(bytes(tree), byte[].class, expectedRepresentation);
        return new SimpleSerializedObject<>(data, expectedRepresentation, typeForClass(object.getClass()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        List<Path> paths = pathsOf(type);
        if (paths.isEmpty()) {
            return json.deserialize(serializedObject);
        }
        ObjectNode tree = (ObjectNode) getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), JsonNode.class);
        SurvivorRef survivor = mapper.convertValue(tree.get("survivorRef"), SurvivorRef.class);
        for (Path path : paths) {
            ObjectNode parent = parentOf(tree, path);
            String field = path.names().get(path.names().size() - 1);
            JsonNode value = parent == null ? null : parent.get(field);
            if (value != null && vault.isSealed(value)) {
                parent.set(field, vault.open(survivor, value, path.context(type)).map(this::tree)
                        .orElseGet(() -> replacement(path.type())));
            }
        }
        try {
            return (T) mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " does not read back", e);
        }
    }

    private JsonNode replacement(Class<?> type) {
        if (type == PersonalData.class) {
            return mapper.valueToTree(PersonalData.unreadable(Unreadable.ERASED));
        }
        if (type == String.class) {
            return TextNode.valueOf(SurvivorDataVault.ERASED_TEXT);
        }
        return mapper.nullNode();
    }

    private static ObjectNode parentOf(ObjectNode tree, Path path) {
        JsonNode node = tree;
        for (String name : path.names().subList(0, path.names().size() - 1)) {
            node = node.get(name);
            if (node == null || !node.isObject()) {
                return null;
            }
        }
        return (ObjectNode) node;
    }

    private List<Path> pathsOf(Class<?> type) {
        return sealedPaths.computeIfAbsent(type, candidate -> {
            List<Path> paths = new ArrayList<>();
            collect(candidate, List.of(), paths);
            return List.copyOf(paths);
        });
    }

    /** Annotated components, looking into nested records (an emergency disclosure's justification). */
    private static void collect(Class<?> type, List<String> prefix, List<Path> paths) {
        if (!type.isRecord() || prefix.size() > 3) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            List<String> names = new ArrayList<>(prefix);
            names.add(component.getName());
            if (component.isAnnotationPresent(PersonalInformation.class)) {
                paths.add(new Path(List.copyOf(names), component.getType()));
            } else {
                collect(component.getType(), names, paths);
            }
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
