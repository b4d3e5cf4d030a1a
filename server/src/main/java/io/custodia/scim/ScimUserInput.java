package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Reads a SCIM user's body into what the directory keeps, with the API's own limits (an e-mail of at
 * most 254 characters, a name of 1 to 200): a value that breaks them is SCIM's 400
 * {@code invalidValue}, and roles or entitlements, which SCIM never gives, are 403.
 */
@Component
class ScimUserInput {
    private final Validator validator;

    ScimUserInput(Validator validator) {
        this.validator = validator;
    }

    /** What a body asks for; {@code active} null when the body does not say. */
    record Values(String email, String name, Boolean active, ScimUserLinks.Link link) {
        /** The status to set, or null to leave it. */
        String status() {
            return active == null ? null : active ? "active" : "deactivated";
        }
    }

    /** The limits, as the API states them for a user. */
    record Checked(
            @NotBlank @Email @Size(max = 254) String userName,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String externalId,
            @Size(max = 200) String givenName,
            @Size(max = 200) String familyName) {}

    /**
     * The values of the body. The name is the first of {@code displayName}, {@code name.formatted}
     * and the given and family names joined that is given and differs from {@code current} (null
     * for a new user): a change of any one of them renames, whichever the identity provider sends.
     */
    Values of(User user, String current) {
        if (!user.getRoles().isEmpty() || !user.getEntitlements().isEmpty()) {
            throw new ScimRefusal(403, null, "roles are given in Custodia, never through SCIM");
        }
        Optional<Name> name = user.getName();
        String given = name.flatMap(Name::getGivenName).map(String::strip).orElse(null);
        String family = name.flatMap(Name::getFamilyName).map(String::strip).orElse(null);
        String joined =
                Stream.of(given, family).filter(s -> s != null && !s.isEmpty()).collect(Collectors.joining(" "));
        String chosen = Stream.of(
                        user.getDisplayName().orElse(null),
                        name.flatMap(Name::getFormatted).orElse(null),
                        joined)
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.equals(current))
                .findFirst()
                .orElse(current);
        if (chosen == null) {
            throw ScimRefusal.invalidValue("a name is required: displayName, name.formatted or name.givenName");
        }
        String userName = user.getUserName().map(String::strip).orElse(null);
        String externalId = user.getExternalId().orElse(null);
        Set<ConstraintViolation<Checked>> violations =
                validator.validate(new Checked(userName, chosen, externalId, given, family));
        if (!violations.isEmpty()) {
            throw ScimRefusal.invalidValue(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return new Values(
                userName,
                chosen,
                user.isActive().orElse(null),
                new ScimUserLinks.Link(externalId, given, family, false));
    }
}
