package org.ledgerline.eventstore.contract;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.ledgerline.eventstore.EventContract;

/**
 * Axon's Jackson serializer, writing catalogued events under their stable names and revisions instead of their Java
 * class names, and reading them back under those names or any former one (so rows written before the catalog, dead
 * letters and kept saga failures still load). Every other class keeps its class name, as before.
 */
public class ContractSerializer extends JacksonSerializer {

    private final EventContract contract;

    public ContractSerializer(JacksonSerializer.Builder builder, EventContract contract) {
        super(builder);
        this.contract = contract;
    }

    @Override
    public SerializedType typeForClass(Class type) {
        if (type == null) {
            return super.typeForClass(null);
        }
        return contract.of(type)
                .<SerializedType>map(event -> new SimpleSerializedType(event.name(), event.revision()))
                .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return contract.named(serializedType.getName())
                .map(event -> event.type().getName())
                .orElseGet(serializedType::getName);
    }

    public EventContract contract() {
        return contract;
    }
}
