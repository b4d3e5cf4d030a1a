package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of record types ({@link EntityType}) and what is derived from it in the engine. */
class RecordTypeRegistryTest {
    /** The built-in fields as the engine knew them before they were derived from the registry. */
    @Test
    void theFieldCatalogueIsTheRegistrysFieldsAndTheOwner() {
        FieldCatalog catalog = FieldCatalog.builtIn();
        assertThat(keys(catalog, EntityType.CONTACT))
                .containsExactlyInAnyOrder("firstName", "lastName", "email", "phone", "companyId", "ownerId");
        assertThat(keys(catalog, EntityType.COMPANY)).containsExactlyInAnyOrder("name", "domain", "ownerId");
        assertThat(keys(catalog, EntityType.DEAL))
                .containsExactlyInAnyOrder(
                        "title", "amount", "currency", "pipelineId", "stageId", "companyId", "ownerId");
        assertThat(keys(catalog, EntityType.ACTIVITY))
                .containsExactlyInAnyOrder("type", "subject", "dueAt", "done", "dealId", "contactId", "ownerId");
        assertThat(keys(catalog, EntityType.NOTE))
                .containsExactlyInAnyOrder("body", "dealId", "contactId", "companyId", "ownerId");
        assertThat(catalog.typeOf(EntityType.DEAL, "amount")).contains(FieldType.NUMBER);
        assertThat(catalog.typeOf(EntityType.ACTIVITY, "dueAt")).contains(FieldType.TIMESTAMP);
        assertThat(catalog.typeOf(EntityType.ACTIVITY, "done")).contains(FieldType.BOOLEAN);
        assertThat(catalog.typeOf(EntityType.ACTIVITY, "type")).contains(FieldType.TEXT);
        assertThat(catalog.typeOf(EntityType.DEAL, "stageId")).contains(FieldType.TEXT);
    }

    @Test
    void parentsComeFromTheParentLinksAndTheirKeys() {
        assertThat(EntityType.ACTIVITY.parents())
                .containsExactly(
                        new EntityType.Parent("dealId", EntityType.DEAL),
                        new EntityType.Parent("contactId", EntityType.CONTACT));
        assertThat(EntityType.NOTE.parents())
                .containsExactly(
                        new EntityType.Parent("dealId", EntityType.DEAL),
                        new EntityType.Parent("contactId", EntityType.CONTACT),
                        new EntityType.Parent("companyId", EntityType.COMPANY));
        assertThat(EntityType.standalone())
                .contains(EntityType.CONTACT, EntityType.COMPANY, EntityType.DEAL)
                .doesNotContain(EntityType.ACTIVITY, EntityType.NOTE);
        assertThat(EntityType.DEAL.field("stageId").orElseThrow().target()).isEmpty();
        assertThat(EntityType.CONTACT.field("companyId").orElseThrow().target()).contains(EntityType.COMPANY);
    }

    @Test
    void pathsNamesAndScopesAreTheEntries() {
        List<String> paths = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            paths.add(type.path());
            assertThat(EntityType.byPath(type.path())).contains(type);
            assertThat(EntityType.byKey(type.key())).contains(type);
        }
        assertThat(String.join("|", paths)).isEqualTo(EntityType.PATHS);
        assertThat(EntityType.byPath("invoices")).isEmpty();
        assertThat(EntityType.byKey("")).isEmpty();
        assertThat(EntityType.CONTACT.nameKey()).isEqualTo("lastName");
        assertThat(EntityType.CONTACT.keys(BuiltInField.Trait.SEARCHED))
                .containsExactly("firstName", "lastName", "email");
        assertThat(EntityType.DEAL.appScopes()).containsExactly("deals:read", "deals:write");
        assertThat(EntityType.NOTE.appScopes()).containsExactly("notes:write");
    }

    @Test
    void customerServiceWritesTheRecordsThatBelongToAnother() {
        Role service = RoleTemplates.customerService();
        for (EntityType type : EntityType.values()) {
            Level create = service.entities().get(type).get(Action.CREATE).level();
            assertThat(create).isEqualTo(type.standsAlone() ? Level.NONE : Level.OWN);
        }
    }

    private static List<String> keys(FieldCatalog catalog, EntityType entity) {
        List<String> keys = new ArrayList<>();
        for (String key : List.of(
                "firstName",
                "lastName",
                "email",
                "phone",
                "name",
                "domain",
                "title",
                "amount",
                "currency",
                "pipelineId",
                "stageId",
                "companyId",
                "type",
                "subject",
                "dueAt",
                "done",
                "dealId",
                "contactId",
                "body",
                "ownerId")) {
            catalog.typeOf(entity, key).ifPresent(t -> keys.add(key));
        }
        return keys;
    }
}
