package io.custodia;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.custodia.platform.db.Keys;
import io.custodia.platform.db.Tables;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Table;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning feature (docs/architecture.md, "Each table has one owner"): a class of
 * another feature names the table's jOOQ classes only where that table lists it as an exception.
 */
class TableOwnershipTest {
    private static final String BASE = "io.custodia.";
    private static final String GENERATED = "io.custodia.platform.db";
    private static final Path DOCS = Path.of("../docs/architecture.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([a-z]+) \\|(.*)\\|$");
    private static final Pattern EXCEPTION = Pattern.compile("`([a-z]+\\.[A-Za-z]+)`(?: \\(([a-z_, ]+)\\))?");
    /** Columns every exception may name: a table's keys lead with them. */
    private static final Set<String> KEYS = Set.of("ID", "WORKSPACE_ID");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.custodia");

    /** A class of another feature allowed to name a table, with the columns it may name (empty: any). */
    record Allowed(String className, Set<String> columns) {}

    record Owner(String module, List<Allowed> exceptions) {}

    /** Every generated table, by the names of the jOOQ classes that stand for it (table and record). */
    private static final Map<String, String> TABLE_OF_CLASS = new HashMap<>();

    private static final Set<String> TABLES = new TreeSet<>();

    static {
        for (Field constant : Tables.class.getFields()) {
            if (Modifier.isStatic(constant.getModifiers()) && Table.class.isAssignableFrom(constant.getType())) {
                try {
                    Table<?> table = (Table<?>) constant.get(null);
                    TABLES.add(table.getName());
                    TABLE_OF_CLASS.put(table.getClass().getName(), table.getName());
                    TABLE_OF_CLASS.put(table.getRecordType().getName(), table.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static final Map<String, Owner> OWNERS = readOwners();

    private static Map<String, Owner> readOwners() {
        Map<String, Owner> owners = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(DOCS)) {
                Matcher row = ROW.matcher(line.strip());
                if (row.matches()) {
                    List<Allowed> exceptions = EXCEPTION
                            .matcher(row.group(3))
                            .results()
                            .map(m -> new Allowed(
                                    BASE + m.group(1),
                                    m.group(2) == null
                                            ? Set.of()
                                            : Set.copyOf(
                                                    Arrays.stream(m.group(2).split(","))
                                                            .map(c -> c.strip().toUpperCase(Locale.ROOT))
                                                            .toList())))
                            .toList();
                    owners.put(row.group(1), new Owner(row.group(2), exceptions));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DOCS, e);
        }
        return owners;
    }

    @Test
    void everyTableHasExactlyOneOwnerThatIsAFeature() {
        assertThat(OWNERS.keySet()).as("tables in docs/architecture.md").isEqualTo(TABLES);
        Set<String> modules = new HashSet<>();
        CLASSES.forEach(c -> {
            String module = moduleOf(c);
            if (module != null) {
                modules.add(module);
            }
        });
        OWNERS.forEach((table, owner) -> {
            assertThat(modules).as("the owner of " + table).contains(owner.module());
            owner.exceptions()
                    .forEach(e -> assertThat(CLASSES.contain(e.className()))
                            .as("exception " + e.className() + " for " + table + " names a class")
                            .isTrue());
        });
    }

    @Test
    void aTableIsNamedOnlyByItsOwnerAndItsDocumentedExceptions() {
        classes()
                .that()
                .resideOutsideOfPackage(GENERATED + "..")
                .should(nameOnlyTablesTheirFeatureOwns())
                .check(CLASSES);
    }

    @Test
    void everyDocumentedExceptionIsStillNeeded() {
        Set<String> unused = new TreeSet<>();
        OWNERS.forEach((table, owner) -> owner.exceptions().forEach(e -> {
            boolean names = tablesNamedBy(CLASSES.get(e.className())).containsKey(table)
                    || CLASSES.stream()
                            .filter(c -> c.getName().startsWith(e.className() + "$"))
                            .anyMatch(c -> tablesNamedBy(c).containsKey(table));
            if (!names) {
                unused.add(e.className() + " -> " + table);
            }
        }));
        assertThat(unused).as("exceptions that no longer name their table").isEmpty();
    }

    private static ArchCondition<JavaClass> nameOnlyTablesTheirFeatureOwns() {
        return new ArchCondition<>("name only the tables their feature owns, or that list them as an exception") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String module = moduleOf(c);
                tablesNamedBy(c).forEach((table, columns) -> {
                    String violation = violation(c, module, table, columns);
                    if (violation != null) {
                        events.add(SimpleConditionEvent.violated(c, violation));
                    }
                });
            }
        };
    }

    /** Why the class may not name the table (with these columns), or null when it may. */
    private static String violation(JavaClass c, String module, String table, Set<String> columns) {
        Owner owner = OWNERS.get(table);
        if (owner == null) {
            return c.getName() + " names " + table + ", which has no owner in docs/architecture.md";
        }
        if (owner.module().equals(module)) {
            return null;
        }
        String outer = c.getName().replaceFirst("\\$.*", "");
        for (Allowed e : owner.exceptions()) {
            if (e.className().equals(outer)) {
                Set<String> beyond = new TreeSet<>(columns);
                beyond.removeAll(KEYS);
                beyond.removeAll(e.columns());
                return e.columns().isEmpty() || beyond.isEmpty()
                        ? null
                        : c.getName() + " names columns " + beyond + " of " + table + ", beyond those documented";
            }
        }
        return c.getName() + " (" + module + ") names " + table + ", which belongs to " + owner.module();
    }

    /** The tables the class names, each with the columns it names of it. */
    private static Map<String, Set<String>> tablesNamedBy(JavaClass c) {
        Map<String, Set<String>> named = new HashMap<>();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String table = TABLE_OF_CLASS.get(d.getTargetClass().getName());
            if (table != null) {
                named.computeIfAbsent(table, t -> new TreeSet<>());
            }
        }
        for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
            String owner = access.getTarget().getOwner().getName();
            String field = access.getTarget().getName();
            String table = TABLE_OF_CLASS.get(owner);
            if (table != null) {
                named.computeIfAbsent(table, t -> new TreeSet<>()).add(field);
            } else if (owner.equals(Tables.class.getName())) {
                named.computeIfAbsent(field.toLowerCase(Locale.ROOT), t -> new TreeSet<>());
            } else if (owner.equals(Keys.class.getName())) {
                named.computeIfAbsent(tableOfKey(field), t -> new TreeSet<>());
            }
        }
        return named;
    }

    /** A key's table: the longest table name its constant starts with. */
    private static String tableOfKey(String constant) {
        String key = constant.toLowerCase(Locale.ROOT);
        return TABLES.stream()
                .filter(t -> key.startsWith(t + "_"))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElse("unknown key " + constant);
    }

    /** The feature a class belongs to ({@code io.custodia.<feature>}), or null for the application class. */
    private static String moduleOf(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(BASE)) {
            return null;
        }
        String rest = name.substring(BASE.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
