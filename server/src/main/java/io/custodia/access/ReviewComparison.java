package io.custodia.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The review now compared with the last exported one: users added and removed, and for each user
 * in both, roles, read levels and system permissions added and removed (a level that changed is
 * its old value removed and its new one added), and a changed status.
 */
record ReviewComparison(
        ReviewExports.Export previous, List<Person> usersAdded, List<Person> usersRemoved, List<Changed> changed) {

    record Person(UUID userId, String email, String name) {
        static Person of(AccessReview.Row row) {
            return new Person(row.userId(), row.email(), row.name());
        }
    }

    record Changed(
            UUID userId,
            String email,
            String name,
            String statusBefore,
            String statusAfter,
            List<String> rolesAdded,
            List<String> rolesRemoved,
            List<String> levelsAdded,
            List<String> levelsRemoved,
            List<String> systemPermissionsAdded,
            List<String> systemPermissionsRemoved) {}

    /** Against no earlier export every user is added. */
    static ReviewComparison of(
            ReviewExports.Export previous, List<AccessReview.Row> before, List<AccessReview.Row> now) {
        Map<UUID, AccessReview.Row> was = new LinkedHashMap<>();
        before.forEach(r -> was.put(r.userId(), r));
        Map<UUID, AccessReview.Row> is = new LinkedHashMap<>();
        now.forEach(r -> is.put(r.userId(), r));
        List<Person> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (AccessReview.Row row : now) {
            AccessReview.Row old = was.get(row.userId());
            if (old == null) {
                added.add(Person.of(row));
                continue;
            }
            Set<String> rolesBefore = roles(old);
            Set<String> rolesNow = roles(row);
            Set<String> levelsBefore = levels(old);
            Set<String> levelsNow = levels(row);
            Set<String> permissionsBefore = new LinkedHashSet<>(old.systemPermissions());
            Set<String> permissionsNow = new LinkedHashSet<>(row.systemPermissions());
            boolean statusChanged = !old.status().equals(row.status());
            if (statusChanged
                    || !rolesBefore.equals(rolesNow)
                    || !levelsBefore.equals(levelsNow)
                    || !permissionsBefore.equals(permissionsNow)) {
                changed.add(new Changed(
                        row.userId(),
                        row.email(),
                        row.name(),
                        statusChanged ? old.status() : null,
                        statusChanged ? row.status() : null,
                        minus(rolesNow, rolesBefore),
                        minus(rolesBefore, rolesNow),
                        minus(levelsNow, levelsBefore),
                        minus(levelsBefore, levelsNow),
                        minus(permissionsNow, permissionsBefore),
                        minus(permissionsBefore, permissionsNow)));
            }
        }
        List<Person> removed = was.values().stream()
                .filter(r -> !is.containsKey(r.userId()))
                .map(Person::of)
                .toList();
        return new ReviewComparison(previous, added, removed, changed);
    }

    private static Set<String> roles(AccessReview.Row row) {
        Set<String> roles = new LinkedHashSet<>();
        row.roles().forEach(r -> roles.add(r.roleName() + " (" + r.source() + ")"));
        return roles;
    }

    private static Set<String> levels(AccessReview.Row row) {
        Set<String> levels = new LinkedHashSet<>();
        row.readLevels().forEach((k, v) -> levels.add(k + "=" + v));
        return levels;
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }
}
