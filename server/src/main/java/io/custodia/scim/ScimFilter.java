package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The filters SCIM lists take: one {@code eq} on one of a few attributes (what identity providers
 * send to find a user or group before creating it), answered in the database. Anything else is
 * refused as {@code invalidFilter} rather than filtered after the fact.
 */
record ScimFilter(String attribute, String value) {

    /** No filter: the whole list. */
    static final ScimFilter ALL = new ScimFilter(null, null);

    static ScimFilter of(FilterNode node, Set<String> attributes) {
        if (node == null) {
            return ALL;
        }
        if (node instanceof AttributeExpressionLeaf leaf
                && leaf.getComparator() == Comparator.EQ
                && leaf.getStringValue().isPresent()) {
            String name = leaf.getShortName();
            Optional<String> known = attributes.stream()
                    .filter(a -> a.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst();
            if (known.isPresent()) {
                return new ScimFilter(known.get(), leaf.getStringValue().get());
            }
        }
        throw new ScimRefusal(
                400,
                ScimType.RFC7644.INVALID_FILTER,
                "only one comparison 'eq' with a text value on "
                        + String.join(", ", attributes.stream().sorted().toList()) + " is supported");
    }

    boolean all() {
        return attribute == null;
    }

    boolean on(String name) {
        return name.equals(attribute);
    }

    /** The value as an id; empty when it is none (such a filter matches nothing). */
    Optional<UUID> id() {
        return idOf(value);
    }

    /**
     * A resource id exactly as the server writes them (a UUID in its canonical lower-case form; the
     * SDK requires the id answered to be the id asked for); empty for anything else.
     */
    static Optional<UUID> idOf(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}
