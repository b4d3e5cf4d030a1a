package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoleDocumentTest {
    private final RoleId id = new RoleId(UUID.randomUUID());
    private final StageId knownStage = new StageId(UUID.randomUUID());
    private final FieldCatalog catalog = FieldCatalog.builtIn().withField(EntityType.CONTACT, "region", FieldType.TEXT);

    private Role parse(Object tree) {
        return RoleDocument.parse(id, tree, catalog, knownStage::equals);
    }

    private List<String> violations(Object tree) {
        try {
            parse(tree);
        } catch (InvalidRoleException e) {
            return e.violations().stream().map(Violation::toString).toList();
        }
        throw new AssertionError("expected the role to be refused");
    }

    @Test
    void theApiExampleRoleReadsAndWritesBackUnchanged() {
        Map<String, Object> body = Map.of(
                "name", "Sales south",
                "entities",
                        Map.of(
                                "deal", Map.of("read", Map.of("level", "DEPARTMENT"), "update", Map.of("level", "OWN")),
                                "contact",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of(
                                                                "field",
                                                                "region",
                                                                "op",
                                                                "in",
                                                                "values",
                                                                List.of("SP", "RJ"))))),
                "stages", Map.of(knownStage.toString(), Map.of("read", Map.of("level", "NONE"))),
                "fields", Map.of("deal", Map.of("amount", "HIDDEN")),
                "system", List.of("audit.read"));

        Role role = parse(body);

        assertThat(role.entityEntry(EntityType.CONTACT, Action.READ).condition())
                .isEqualTo(Condition.Comparison.of("region", Condition.Op.IN, Value.text("SP"), Value.text("RJ")));
        assertThat(role.stageEntry(knownStage, Action.READ)).isEqualTo(Grant.of(Level.NONE));
        assertThat(role.fieldEntry(EntityType.DEAL, "amount")).isEqualTo(FieldAccess.HIDDEN);
        assertThat(role.system()).containsExactly(SystemPermission.AUDIT_READ);
        assertThat(parse(RoleTree.write(role))).isEqualTo(role);
    }

    @Test
    void aWrongTypeInAListNamesItsIndex() {
        Map<String, Object> body = Map.of(
                "name",
                "Big deals",
                "entities",
                Map.of(
                        "deal",
                        Map.of(
                                "read",
                                Map.of(
                                        "level",
                                        "ALL",
                                        "condition",
                                        Map.of("field", "amount", "op", "in", "values", List.of(1000, "lots"))))));

        assertThat(violations(body)).containsExactly("entities.deal.read.condition.values[1]: expected a number");
    }

    @Test
    void everyViolationIsReportedWithItsPath() {
        Map<String, Object> body = Map.of(
                "entities",
                        Map.of(
                                "dael", Map.of(),
                                "deal",
                                        Map.of(
                                                "read",
                                                Map.of("level", "EVERYTHING"),
                                                "approve",
                                                Map.of("level", "ALL")),
                                "contact",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of("field", "shoeSize", "op", "eq", "value", 1)))),
                "stages", Map.of("not-a-uuid", Map.of(), UUID.randomUUID().toString(), Map.of()),
                "fields", Map.of("deal", Map.of("amount", "SECRET")),
                "system", List.of("root"));

        assertThat(violations(body))
                .contains(
                        "name: required, a non-empty text",
                        "entities.dael: unknown entity; expected one of contact, company, deal, activity, note",
                        "entities.deal.read.level: unknown level 'EVERYTHING'; expected one of NONE, OWN, DEPARTMENT, SUBDEPARTMENTS, ALL",
                        "entities.deal.approve: unknown action; expected one of read, create, update, delete, export, import",
                        "entities.contact.read.condition.field: unknown field 'shoeSize' of contact",
                        "stages.not-a-uuid: expected a stage id",
                        "fields.deal.amount: expected one of HIDDEN, READ, EDIT",
                        "system[0]: unknown system permission 'root'");
        assertThat(violations(body)).anyMatch(v -> v.endsWith("no deal stage with this id in the workspace"));
    }

    @Test
    void operatorsCheckTheShapeOfTheirOperands() {
        Map<String, Object> eqWithList = Map.of(
                "name",
                "x",
                "entities",
                Map.of(
                        "deal",
                        Map.of(
                                "read",
                                Map.of(
                                        "level",
                                        "ALL",
                                        "condition",
                                        Map.of("field", "amount", "op", "gt", "values", List.of(1))))));
        Map<String, Object> dateField = Map.of(
                "name",
                "x",
                "entities",
                Map.of(
                        "activity",
                        Map.of(
                                "read",
                                Map.of(
                                        "level",
                                        "ALL",
                                        "condition",
                                        Map.of(
                                                "any",
                                                List.of(
                                                        Map.of("field", "dueAt", "op", "lt", "value", "2026-02-30"),
                                                        Map.of("field", "done", "op", "gt", "value", true)))))));

        assertThat(violations(eqWithList))
                .contains("entities.deal.read.condition.values: gt takes 'value', a single value");
        assertThat(violations(dateField))
                .containsExactly(
                        "entities.activity.read.condition.any[0].value: expected a date (YYYY-MM-DD) in the years 1 to 9999",
                        "entities.activity.read.condition.any[1].op: gt does not apply to a yes/no field");
    }

    @Test
    void textsTheDatabaseCannotStoreAsTheyAreAndDatesBeyondYear9999AreRefused() {
        Map<String, Object> odd = Map.of(
                "name",
                "Odd\u0000",
                "entities",
                Map.of(
                        "deal",
                        Map.of(
                                "read",
                                Map.of(
                                        "level",
                                        "ALL",
                                        "condition",
                                        Map.of(
                                                "all",
                                                List.of(
                                                        Map.of("field", "title", "op", "eq", "value", "\ud800x"),
                                                        Map.of("field", "title", "op", "lt", "value", "x\udc00"),
                                                        Map.of(
                                                                "field",
                                                                "title",
                                                                "op",
                                                                "gt",
                                                                "value",
                                                                "\uD83D\uDE00")))))),
                "stages",
                Map.of(),
                "fields",
                Map.of());
        Map<String, Object> farDate = Map.of(
                "name",
                "Far",
                "entities",
                Map.of(
                        "activity",
                        Map.of(
                                "read",
                                Map.of(
                                        "level",
                                        "ALL",
                                        "condition",
                                        Map.of("field", "dueAt", "op", "gt", "value", "+10000-01-01")))));
        assertThat(violations(odd))
                .containsExactly(
                        "name: expected a text without NUL or unpaired surrogate characters",
                        "entities.deal.read.condition.all[0].value: expected a text without NUL or unpaired surrogate characters",
                        "entities.deal.read.condition.all[1].value: expected a text without NUL or unpaired surrogate characters");
        assertThat(violations(farDate))
                .containsExactly(
                        "entities.activity.read.condition.value: expected a date (YYYY-MM-DD) in the years 1 to 9999");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefusedAtTheRoot() {
        assertThatThrownBy(() -> parse(List.of(1)))
                .isInstanceOf(InvalidRoleException.class)
                .hasMessageContaining("$: expected an object");
    }

    @Test
    void theTemplatesMatchTheTableOfSectionTwo() {
        Role sales = RoleTemplates.salesperson();
        assertThat(sales.entityEntry(EntityType.DEAL, Action.READ)).isEqualTo(Grant.of(Level.DEPARTMENT));
        assertThat(sales.entityEntry(EntityType.DEAL, Action.DELETE)).isEqualTo(Grant.of(Level.NONE));
        Role service = RoleTemplates.customerService();
        assertThat(service.entityEntry(EntityType.NOTE, Action.CREATE)).isEqualTo(Grant.of(Level.OWN));
        assertThat(service.entityEntry(EntityType.DEAL, Action.UPDATE)).isEqualTo(Grant.of(Level.NONE));
        assertThat(RoleTemplates.manager().entityEntry(EntityType.CONTACT, Action.DELETE))
                .isEqualTo(Grant.of(Level.SUBDEPARTMENTS));
        assertThat(RoleTemplates.administrator().system()).containsExactlyInAnyOrder(SystemPermission.values());
        assertThat(RoleTemplates.readOnly().entityEntry(EntityType.COMPANY, Action.EXPORT))
                .isEqualTo(Grant.of(Level.NONE));
        for (Role template : RoleTemplates.all()) {
            assertThat(parse(RoleTree.write(template)).entities()).isEqualTo(template.entities());
        }
    }
}
