package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldCatalogTest {

    @Test
    void customFieldsAreTheAddedOnesInTheOrderTheyWereAddedPerEntity() {
        FieldCatalog builtIn = FieldCatalog.builtIn();
        FieldCatalog catalog = builtIn.withField(EntityType.DEAL, "region", FieldType.TEXT)
                .withField(EntityType.CONTACT, "birthday", FieldType.DATE)
                .withField(EntityType.DEAL, "sector", FieldType.TEXT)
                .withField(EntityType.DEAL, "region", FieldType.TEXT);

        assertThat(catalog.customFields(EntityType.DEAL)).containsExactly("region", "sector");
        assertThat(catalog.customFields(EntityType.CONTACT)).containsExactly("birthday");
        assertThat(catalog.customFields(EntityType.NOTE)).isEmpty();
        assertThat(builtIn.customFields(EntityType.DEAL)).isEmpty();
        assertThat(catalog.typeOf(EntityType.DEAL, "title")).contains(FieldType.TEXT);
    }
}
