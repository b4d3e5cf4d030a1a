package io.custodia.access;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Who reviews an item of a campaign (access-model, "Access review campaigns"): for a person, the
 * nearest flagged head of one of their departments, else the named reviewer, else the starter;
 * for an app, the named reviewer, else the starter. Never the one whose access it is.
 */
final class Reviewers {
    private final Organization org;
    private final List<UUID> peopleByEmail;
    private final Set<UUID> active;
    private final UUID named;
    private final UUID starter;

    Reviewers(
            Organization org,
            Collection<DirectoryFacts.User> usersByEmail,
            Set<UUID> active,
            UUID named,
            UUID starter) {
        this.org = org;
        this.peopleByEmail = usersByEmail.stream()
                .map(DirectoryFacts.User::id)
                .filter(active::contains)
                .toList();
        this.active = active;
        this.named = named;
        this.starter = starter;
    }

    /** The reviewer of a person's grant, or null when nobody but that person could review it. */
    UUID ofPerson(UUID subject) {
        UserId user = new UserId(subject);
        List<DepartmentId> departments = org.departmentsOf(user).stream()
                .sorted(Comparator.comparing(DepartmentId::value))
                .toList();
        for (DepartmentId start : departments) {
            for (DepartmentId d = start; d != null; d = org.parentOf(d)) {
                DepartmentId department = d;
                UUID head = peopleByEmail.stream()
                        .filter(p -> !p.equals(subject) && org.isHead(new UserId(p), department))
                        .findFirst()
                        .orElse(null);
                if (head != null) {
                    return head;
                }
            }
        }
        return ofApp(subject);
    }

    /** The reviewer of an app's grant (or of a person's without a head): the named one, else the starter. */
    UUID ofApp(UUID subject) {
        return Stream.of(named, starter)
                .filter(Objects::nonNull)
                .filter(r -> !r.equals(subject) && active.contains(r))
                .findFirst()
                .orElse(null);
    }
}
